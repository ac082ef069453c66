/**
 * `npm run bench` (or `pnpm bench`): runs every benchmark (one file each in bench/), each in a fresh Node process, one after
 * another, then writes BENCHMARKS.md with a table, a verdict and an SVG chart per benchmark.
 *
 *   npm run bench                        every benchmark, into BENCHMARKS.md and docs/bench/
 *   npm run bench -- --only zapier       one (or --only a,b): the others keep their stored figures
 *   npm run bench -- --quick             a reduced run, written into out/bench/ (never the record)
 *   npm run bench -- --report            no run: BENCHMARKS.md and the charts again from the stored figures
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { N8N_VERSION, NODE24_VERSION } from '@stablecog/testkit';
import activepieces from './activepieces';
import client from './client';
import downloads from './downloads';
import emulator from './emulator';
import type { Benchmark } from './lib/benchmark';
import { renderSvg } from './lib/chart';
import { seconds } from './lib/format';
import { describeMachine } from './lib/machine';
import { renderDocument, type Section } from './lib/markdown';
import { readResults, writeResults } from './lib/results';
import n8nBatch from './n8n-batch';
import n8nMemory from './n8n-memory';
import n8nPackage from './n8n-package';
import n8nQueue from './n8n-queue';
import zapier from './zapier';
import zapierParallelSteps from './zapier-parallel-steps';

const root = path.resolve(__dirname, '..');

/** Every benchmark (bench/<name>.ts: its body and its report), in the order they run and appear in BENCHMARKS.md. */
const benchmarks: Benchmark<any>[] = [client, emulator, downloads, n8nBatch, n8nQueue, n8nMemory, n8nPackage, zapier, zapierParallelSteps, activepieces];

/** Runs one benchmark in a child process; resolves with its figures, rejects with its failure. */
function runInChild(name: string, quick: boolean): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'lib', 'child.ts'), [name, ...(quick ? ['--quick'] : [])], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let figures: unknown;
    child.on('message', (message) => (figures = (message as { figures: unknown }).figures));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0 && figures !== undefined) resolve(figures);
      else reject(new Error(`the ${name} benchmark exited with ${code ?? signal} (its output is above)`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string', multiple: true }, quick: { type: 'boolean', default: false }, report: { type: 'boolean', default: false } },
  });
  const quick = values.quick ?? false;
  const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const unknown = only.filter((name) => !benchmarks.some((b) => b.name === name));
  if (unknown.length) {
    throw new Error(`no benchmark named ${unknown.join(', ')}; there are: ${benchmarks.map((b) => b.name).join(', ')}`);
  }

  const outDir = quick ? path.join(root, 'out', 'bench') : root;
  const chartsDir = path.join(outDir, 'docs', 'bench');
  fs.mkdirSync(chartsDir, { recursive: true });
  const resultsFile = path.join(chartsDir, 'results.json');
  const stored = readResults(resultsFile);
  const failures = new Map<string, string>();
  const started = Date.now();

  for (const bench of benchmarks) {
    if (values.report || (only.length && !only.includes(bench.name))) continue;
    console.log(`\n=== ${bench.title} (${bench.name}${quick ? ', quick' : ''}) ===`);
    const benchStarted = Date.now();
    const machine = describeMachine(); // per benchmark: its load average is the one when it began
    try {
      const figures = await runInChild(bench.name, quick);
      const durationMs = Date.now() - benchStarted;
      stored.results[bench.name] = { measuredAt: new Date(benchStarted).toISOString(), durationMs, quick, machine, figures };
      writeResults(resultsFile, stored);
      console.log(bench.report(figures).verdict.map((line) => `  ${line.replace(/\*\*/g, '')}`).join('\n'));
      console.log(`  (${seconds(durationMs)})`);
    } catch (err) {
      failures.set(bench.name, err instanceof Error ? err.message : String(err));
      console.error(`  FAILED: ${failures.get(bench.name)}`);
    }
  }

  const sections: Section[] = [];
  for (const bench of benchmarks) {
    const result = stored.results[bench.name];
    const chartFile = path.join(chartsDir, `${bench.name}.svg`);
    const section: Section = { bench, stored: result, failure: failures.get(bench.name), chartPath: path.relative(outDir, chartFile) };
    if (result) {
      section.report = bench.report(result.figures);
      fs.writeFileSync(chartFile, await renderSvg(section.report.chart));
    }
    sections.push(section);
  }
  const tools = `The n8n benchmarks run n8n ${N8N_VERSION} on Node ${NODE24_VERSION}; everything else runs on the Node above.`;
  const document = renderDocument(sections, { machine: describeMachine(), tools, command: 'npm run bench' });
  const documentFile = path.join(outDir, 'BENCHMARKS.md');
  fs.writeFileSync(documentFile, document);
  console.log(`\n${path.relative(root, documentFile)} written (${seconds(Date.now() - started)} in all)`);
  if (failures.size) {
    console.error(`failed: ${[...failures.keys()].join(', ')}`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
