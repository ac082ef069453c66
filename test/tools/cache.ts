import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

/**
 * Tools the end-to-end suites need (Node 24, n8n, the Zapier CLI) are installed once per machine
 * from the npm registry into this cache, shared by every clone, so only the first run pays for them.
 */
export const toolsCacheDir = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'stablecog-integrations',
);

/**
 * Installs `packages` with npm into `<cache>/<name>` unless `ready(dir)` already holds, and returns
 * the folder. A lock file keeps two parallel jest workers from installing the same tool twice.
 */
export function ensureInstalled(
  name: string,
  ready: (dir: string) => boolean,
  install: (dir: string) => void,
): string {
  const dir = path.join(toolsCacheDir, name);
  if (ready(dir)) return dir;
  fs.mkdirSync(toolsCacheDir, { recursive: true });
  const lock = path.join(toolsCacheDir, `${name}.lock`);
  execFileSync('flock', [lock, 'true']); // wait for any other installer to finish
  if (ready(dir)) return dir;
  const staging = `${dir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  install(staging);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  if (!ready(dir)) throw new Error(`installing ${name} into ${dir} did not produce a usable tool`);
  return dir;
}

/** Runs npm in `dir` with output shown (installs take minutes; silence would look like a hang). */
export function npm(dir: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  execFileSync('npm', args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], env });
}
