/**
 * Runs one benchmark in this (fresh) process and sends its figures to the parent over IPC:
 * `node --import tsx bench/lib/child.ts <name> [--quick]` loads bench/<name>.ts and nothing else.
 */
import * as path from 'node:path';
import type { Benchmark } from './benchmark';

async function main(): Promise<void> {
  const [name, ...flags] = process.argv.slice(2);
  if (!name || name !== path.basename(name)) throw new Error(`no benchmark named "${name}"`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- one file, chosen at run time
  const bench = (require(path.join(__dirname, '..', name)) as { default: Benchmark }).default;
  const figures = await bench.run({ quick: flags.includes('--quick') });
  await new Promise<void>((resolve, reject) => process.send!({ figures }, (err: Error | null) => (err ? reject(err) : resolve())));
}

main().then(
  // Exit at once: a benchmark may leave timers or sockets behind that would keep this process up.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
