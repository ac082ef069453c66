/** BENCHMARKS.md from the stored results: a summary, then one section per benchmark. */
import type { Benchmark, Report, Table } from './benchmark';
import { machineLine, type Machine } from './machine';
import type { StoredResult } from './results';
import { seconds } from './format';

/** A benchmark as the document shows it: its stored run and report, or why there is none. */
export interface Section {
  bench: Benchmark;
  stored?: StoredResult;
  report?: Report;
  /** Set when this run of the benchmark failed (older figures, if any, are still shown). */
  failure?: string;
  /** The chart's path relative to the document. */
  chartPath: string;
}

export function table({ head, rows }: Table): string {
  const line = (cells: string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const day = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';

export function renderDocument(sections: Section[], context: { machine: Machine; tools: string; command: string }): string {
  const measured = sections.filter((s) => s.stored);
  const sameMachine = (m: Machine) => machineLine(m) === machineLine(context.machine);
  const parts: string[] = [
    '# Benchmarks',
    '',
    `Written by \`${context.command}\`, which runs every benchmark below one after another, each in a fresh ` +
      'Node process, and draws the charts. Every figure is a ratio, or is set against a baseline measured side by ' +
      'side in the same run on the same machine. Run one again with `npm run bench -- --only <name>`; ' +
      '`--quick` makes a reduced run into `out/bench/` instead of this file.',
    '',
    `**Machine:** ${machineLine(context.machine)}. ${context.tools} Each section gives the one-minute load average ` +
      'when its benchmark began: other work on the machine (above the core count) slows the timed figures.',
    '',
    '| Benchmark | Measured | Result |',
    '| --- | --- | --- |',
    ...sections.map((s) => {
      const when = s.stored ? day(s.stored.measuredAt) : 'not yet';
      const result = s.report ? s.report.verdict.join('<br>') : `not measured${s.failure ? `: ${s.failure.split('\n')[0]}` : ''}`;
      return `| [${s.bench.title}](#${anchor(s.bench.title)}) (\`${s.bench.name}\`) | ${when} | ${result.replace(/\|/g, '\\|')} |`;
    }),
    '',
  ];
  for (const s of sections) {
    parts.push(`## ${s.bench.title}`, '');
    if (s.failure) parts.push(`> **The last run of this benchmark failed:** ${s.failure.split('\n')[0]}`, '');
    if (!s.stored || !s.report) {
      parts.push('_Not measured yet._', '');
      continue;
    }
    const { stored, report } = s;
    const notes = [`measured ${day(stored.measuredAt)} in ${seconds(stored.durationMs)}, load average ${stored.machine.loadAverage} at the start`];
    if (stored.quick) notes.push('a **quick** (reduced) run');
    if (!sameMachine(stored.machine)) notes.push(`on another machine: ${machineLine(stored.machine)}`);
    parts.push(`_${notes.join('; ')}; \`--only ${s.bench.name}\`._`, '', report.method, '');
    for (const t of report.tables) parts.push(table(t), '');
    parts.push(...report.verdict.map((line) => `- ${line}`), '', `![${s.bench.title}](${s.chartPath})`, '');
  }
  if (measured.length === 0) parts.push('_No benchmark has been measured yet._', '');
  return parts.join('\n');
}

/** GitHub's heading anchor for a title. */
function anchor(title: string): string {
  return title.toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');
}
