/**
 * Runs one benchmark in this (fresh) process and sends its figures to the parent over IPC:
 * `node --import tsx scripts/bench/child.ts <name> [--quick]`.
 */
import { benchmarks } from './registry';

async function main(): Promise<void> {
  const [name, ...flags] = process.argv.slice(2);
  const bench = benchmarks.find((b) => b.name === name);
  if (!bench) throw new Error(`no benchmark named "${name}"`);
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
