/** What the CLI touches of the outside world, so tests can run it in-process. */
import { Stablecog, type StablecogOptions } from '../client';

/** The CLI's streams, environment and client factory. */
export interface CliIo {
  /** Writes to standard output (results). */
  out(text: string): void;
  /** Writes to standard error (progress, errors). */
  err(text: string): void;
  /** Whether standard error is a terminal (then progress redraws one line). */
  errIsTTY: boolean;
  /** Environment variables (`STABLECOG_API_TOKEN`, `STABLECOG_API_URL`). */
  env: Record<string, string | undefined>;
  /** Folder relative paths are resolved against. */
  cwd: string;
  /** Builds the client (tests may shorten retries). */
  createClient(options: StablecogOptions): Stablecog;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  // `stablecog outputs | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    errIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    createClient: (options) => new Stablecog(options),
  };
}
