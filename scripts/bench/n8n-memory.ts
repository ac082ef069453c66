/** Adapter: peak memory of a real n8n downloading 100 images (test/bench/n8n-memory.ts). */
import type { N8nMemoryBenchmark } from '../../test/bench/n8n-memory';
import { benchmark } from './benchmark';
import { groupedBars } from './chart';
import { count, mib, ratio, seconds } from './format';

/** Chart labels (the table has the full ones). */
const SHORT: Record<string, string> = {
  memDownload: 'Download Images on',
  memUrls: 'Download Images off',
  memFloor: 'n8n alone',
};

export default benchmark<N8nMemoryBenchmark>({
  name: 'n8n-memory',
  title: 'n8n peak memory downloading 100 images',
  async run({ quick }) {
    const { runN8nMemoryBenchmark } = await import('../../test/bench/n8n-memory.js');
    return runN8nMemoryBenchmark({ quick });
  },
  report(r) {
    const mode = (key: string) => r.modes.find((m) => m.mode === key)!;
    const download = mode('memDownload');
    const urls = mode('memUrls');
    const floor = mode('memFloor');
    const items = r.images / r.imagesPerItem;
    return {
      method:
        `A real n8n (\`n8n execute\`, the packed package installed as n8n installs it, default filesystem binary-data ` +
        `mode) runs ${count(items)} items through Stablecog Generate, ${r.imagesPerItem} images of 1024 × 1024 an item ` +
        `(${count(r.images)} images), Parallel Requests ${r.concurrency}, against the emulator (Pro plan, ` +
        `${r.latencyMs} ms a generation). Side by side in the same run: the same workflow with Download Images off ` +
        `(URLs only), and the items alone without the Stablecog node (what n8n itself takes). While each run goes, a ` +
        `worker thread sums the resident memory (RSS) of n8n's process group (n8n, its JavaScript task runner and the ` +
        `short-lived helpers it starts) every 20 ms from /proc, and reads the main process's own peak (the kernel's ` +
        `VmHWM). The three workflows alternate over ${r.repeats} repeat${r.repeats === 1 ? '' : 's'}; figures are medians. ` +
        `The execution times are context, not a figure of the node: with downloads on they are mostly the emulator, in ` +
        `the benchmark's own process on the same cores, drawing each 1024 × 1024 JPEG when it is first fetched ` +
        `(150–350 ms each here).`,
      tables: [
        {
          head: ['Workflow', 'peak RSS, n8n process group', 'peak RSS, n8n main process', '÷ URLs only (group)', 'execution', 'images stored', 'each repeat (group)'],
          rows: r.modes.map((m) => [
            m.label,
            mib(m.peakGroupRssMiB),
            mib(m.mainHwmMiB),
            ratio(m.peakGroupRssMiB / urls.peakGroupRssMiB),
            seconds(m.executionMs, 2),
            m.imagesStored ? `${count(m.imagesStored)} (${mib(m.imageBytes / 2 ** 20)})` : '–',
            m.repeatPeaksMiB.map((p) => p.toFixed(0)).join(', ') + ' MiB',
          ]),
        },
      ],
      verdict: [
        `Downloading ${count(r.images)} images (${mib(download.imageBytes / 2 ** 20)}) peaks at ${mib(download.peakGroupRssMiB)}, ` +
          `${ratio(r.downloadRatio)} the URL-only run (${mib(urls.peakGroupRssMiB)}); n8n alone takes ${mib(floor.peakGroupRssMiB)}.`,
        `What the Stablecog node adds over n8n alone: ${mib(download.peakGroupRssMiB - floor.peakGroupRssMiB)} with downloads, ` +
          `${mib(urls.peakGroupRssMiB - floor.peakGroupRssMiB)} without.`,
      ],
      chart: groupedBars({
        title: `n8n peak memory: ${count(r.images)} images through the Stablecog node`,
        axis: 'MiB (peak RSS)',
        digits: 0,
        bars: r.modes.flatMap((m) => [
          { group: SHORT[m.mode]!, series: 'n8n process group (sampled)', value: m.peakGroupRssMiB },
          { group: SHORT[m.mode]!, series: 'n8n main process (VmHWM)', value: m.mainHwmMiB },
        ]),
      }),
    };
  },
});
