/**
 * The n8n-nodes-stablecog tarball: its packed and unpacked size, and how long n8n takes to
 * `require` its node and credential files cold (a fresh Node process, the module cache empty),
 * side by side with the cold `require('n8n-workflow')` that every n8n process pays anyway.
 *
 * The tarball is what `pnpm publish` would upload (`pnpm pack`), unpacked as n8n unpacks it.
 * Each sample is a fresh process of the Node 24 n8n runs on, resolving n8n-workflow from the
 * installed n8n; it loads n8n-workflow first (n8n has it loaded before any community node), then
 * each entry of the package's `n8n` block in order. One process is run first and discarded, so
 * the disk cache is warm for every sample: "cold" means no module cache, not a cold disk.
 *
 *   npx tsx test/bench/n8n-package.ts [--quick]
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ensureN8n } from '@stablecog/testkit';
import { packStablecogNodes } from '@stablecog/testkit/n8n';

const exec = promisify(execFile);

/** Medians of the cold require times, in ms. */
export interface RequireTimes {
  n8nWorkflowMs: number;
  /** Each entry of the package's `n8n` block, in load order (later ones reuse the shared client lib). */
  entries: Array<{ file: string; ms: number }>;
  /** All entries together. */
  packageMs: number;
  /** packageMs / n8nWorkflowMs. */
  ratio: number;
}

export interface N8nPackageBenchmark {
  name: string;
  version: string;
  tarballBytes: number;
  unpackedBytes: number;
  files: number;
  /** The largest files of the unpacked package, biggest first. */
  largest: Array<{ file: string; bytes: number }>;
  /** The CommonJS JavaScript of n8n-workflow that `require` loads, for scale. */
  n8nWorkflow: { version: string; jsBytes: number };
  samples: number;
  requireTimes: RequireTimes;
  node: string;
}

/** Every file under `dir` with its size, paths relative to `dir`. */
function filesUnder(dir: string, base = dir): Array<{ file: string; bytes: number }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, base);
    return [{ file: path.relative(base, full), bytes: fs.statSync(full).size }];
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Timed in the fresh process: n8n-workflow, then each file given as an argument. */
const PROBE = `
const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;
let t = process.hrtime.bigint();
require('n8n-workflow');
const times = { n8nWorkflow: ms(t), entries: [] };
for (const file of process.argv.slice(1)) {
  t = process.hrtime.bigint();
  require(file);
  times.entries.push(ms(t));
}
process.stdout.write(JSON.stringify(times));
`;

export async function runN8nPackageBenchmark(options: { samples?: number; quick?: boolean } = {}): Promise<N8nPackageBenchmark> {
  const samples = options.samples ?? (options.quick ? 5 : 25);
  const n8n = ensureN8n();
  const n8nModules = path.resolve(path.dirname(n8n.bin), '..', '..');
  const tarball = await packStablecogNodes();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-bench-pkg-'));
  try {
    const packageDir = path.join(dir, 'node_modules', 'n8n-nodes-stablecog');
    fs.mkdirSync(packageDir, { recursive: true });
    await exec('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      n8n: { nodes: string[]; credentials: string[] };
    };
    const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
    const files = filesUnder(packageDir);

    const workflowDir = path.join(n8nModules, 'n8n-workflow');
    const workflowVersion = (JSON.parse(fs.readFileSync(path.join(workflowDir, 'package.json'), 'utf8')) as { version: string }).version;
    const workflowJs = filesUnder(path.join(workflowDir, 'dist', 'cjs')).filter((f) => f.file.endsWith('.js'));

    const probe = async () => {
      const { stdout } = await exec(n8n.node, ['-e', PROBE, ...entries.map((entry) => path.join(packageDir, entry))], {
        env: { ...n8n.env, NODE_PATH: n8nModules },
        cwd: dir,
      });
      return JSON.parse(stdout) as { n8nWorkflow: number; entries: number[] };
    };
    await probe(); // warms the disk cache; not counted
    const runs: Array<{ n8nWorkflow: number; entries: number[] }> = [];
    for (let i = 0; i < samples; i++) runs.push(await probe());

    const n8nWorkflowMs = median(runs.map((r) => r.n8nWorkflow));
    const packageMs = median(runs.map((r) => r.entries.reduce((a, b) => a + b, 0)));
    return {
      name: manifest.name,
      version: manifest.version,
      tarballBytes: fs.statSync(tarball).size,
      unpackedBytes: files.reduce((sum, f) => sum + f.bytes, 0),
      files: files.length,
      largest: [...files].sort((a, b) => b.bytes - a.bytes).slice(0, 4),
      n8nWorkflow: { version: workflowVersion, jsBytes: workflowJs.reduce((sum, f) => sum + f.bytes, 0) },
      samples,
      requireTimes: {
        n8nWorkflowMs,
        entries: entries.map((file, i) => ({ file, ms: median(runs.map((r) => r.entries[i]!)) })),
        packageMs,
        ratio: packageMs / n8nWorkflowMs,
      },
      node: (await exec(n8n.node, ['--version'])).stdout.trim(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runN8nPackageBenchmark({ quick: process.argv.includes('--quick') }).then(
    (r) => {
      const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
      console.log(`${r.name}@${r.version}: tarball ${kib(r.tarballBytes)}, unpacked ${kib(r.unpackedBytes)} in ${r.files} files`);
      for (const f of r.largest) console.log(`  ${f.file}: ${kib(f.bytes)}`);
      console.log(`Cold require on Node ${r.node}, medians of ${r.samples} fresh processes:`);
      console.log(`  n8n-workflow ${r.n8nWorkflow.version} (${kib(r.n8nWorkflow.jsBytes)} of CommonJS): ${r.requireTimes.n8nWorkflowMs.toFixed(1)} ms`);
      for (const e of r.requireTimes.entries) console.log(`  ${e.file}: ${e.ms.toFixed(1)} ms`);
      console.log(`  whole package: ${r.requireTimes.packageMs.toFixed(1)} ms = ${r.requireTimes.ratio.toFixed(2)}× n8n-workflow`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
