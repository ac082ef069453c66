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
 *   npm run bench -- --only n8n-package [--quick]
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ensureN8n } from '@stablecog/testkit';
import { packStablecogNodes } from '@stablecog/testkit/n8n';
import { benchmark } from './lib/benchmark';
import { groupedBars } from './lib/chart';
import { count, kib, ms, ratio } from './lib/format';

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

export default benchmark<N8nPackageBenchmark>({
  name: 'n8n-package',
  title: 'n8n package: tarball size and cold require time',
  async run({ quick }) {
    return runN8nPackageBenchmark({ quick });
  },
  report(r) {
    const t = r.requireTimes;
    const workflow = `n8n-workflow ${r.n8nWorkflow.version}`;
    return {
      method:
        `\`pnpm pack\` of packages/n8n-nodes-stablecog (what \`pnpm publish\` uploads), unpacked as n8n unpacks a ` +
        `community package. Cold \`require\`: ${r.samples} fresh processes of Node ${r.node} (the one n8n runs on), ` +
        `each loading n8n-workflow from the installed n8n first (n8n always has it loaded before a community node), then ` +
        `every entry of the package's \`n8n\` block in order; the figures are medians. One process runs first and is ` +
        `discarded, so "cold" means an empty module cache, not a cold disk. The node bundles the client and zod in ` +
        `one shared file, which the first entry loads.`,
      tables: [
        {
          head: ['Package', 'tarball', 'unpacked', 'files', 'largest file'],
          rows: [
            [
              `${r.name} ${r.version}`,
              kib(r.tarballBytes),
              kib(r.unpackedBytes),
              count(r.files),
              `${r.largest[0]!.file} (${kib(r.largest[0]!.bytes)})`,
            ],
            [`${workflow}, for scale`, '–', `${kib(r.n8nWorkflow.jsBytes)} (its own CommonJS .js, dependencies not counted)`, '–', '–'],
          ],
        },
        {
          head: ['Cold require', 'median', `÷ ${workflow}`],
          rows: [
            [workflow, ms(t.n8nWorkflowMs), ratio(1)],
            ...t.entries.map((e) => [path.basename(e.file), ms(e.ms), ratio(e.ms / t.n8nWorkflowMs)]),
            ['the whole package', ms(t.packageMs), ratio(t.ratio)],
          ],
        },
      ],
      verdict: [
        `Tarball ${kib(r.tarballBytes)}, ${kib(r.unpackedBytes)} unpacked; ${r.largest[0]!.file} is ${Math.round((r.largest[0]!.bytes / r.unpackedBytes) * 100)}% of it.`,
        `Loading the whole package cold takes ${ms(t.packageMs)}, ${ratio(t.ratio)} the ${ms(t.n8nWorkflowMs)} of loading n8n-workflow.`,
      ],
      chart: groupedBars({
        title: `Cold require on Node ${r.node} (medians of ${r.samples} fresh processes)`,
        axis: 'ms',
        digits: 1,
        bars: [
          { group: workflow, series: 'n8n-workflow', value: t.n8nWorkflowMs },
          ...t.entries.map((e) => ({ group: path.basename(e.file), series: 'n8n-nodes-stablecog', value: e.ms })),
          { group: 'the whole package', series: 'n8n-nodes-stablecog', value: t.packageMs },
        ],
      }),
    };
  },
});
