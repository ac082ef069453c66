/** Adapter: the n8n tarball's size and cold require time (test/bench/n8n-package.ts). */
import * as path from 'node:path';
import type { N8nPackageBenchmark } from '../../test/bench/n8n-package';
import { benchmark } from './benchmark';
import { groupedBars } from './chart';
import { count, kib, ms, ratio } from './format';

export default benchmark<N8nPackageBenchmark>({
  name: 'n8n-package',
  title: 'n8n package: tarball size and cold require time',
  async run({ quick }) {
    const { runN8nPackageBenchmark } = await import('../../test/bench/n8n-package.js');
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
