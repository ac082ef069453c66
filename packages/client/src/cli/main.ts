#!/usr/bin/env node
/** Entry point of the `stablecog` command. */
import { processIo } from './io';
import { runCli } from './program';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
