/** Adapter: the emulator's throughput (bench/emulator.ts). */
import type { EmulatorBenchmark } from '../../bench/emulator';
import { benchmark } from './benchmark';
import { groupedBars } from './chart';
import { count, mib, ms, ratio } from './format';

export default benchmark<EmulatorBenchmark>({
  name: 'emulator',
  title: 'Emulator throughput',
  async run({ quick }) {
    const { runEmulatorBenchmark } = await import('../../bench/emulator.js');
    return runEmulatorBenchmark(quick ? { creates: 50, lists: 300 } : {});
  },
  report(r) {
    const { creates, lists, latencyMs } = r;
    const wallRatio = creates.wallMs / latencyMs;
    return {
      method:
        `The emulator as its own process (the \`stablecog-emulator\` bin, rate limiter off, enough parallel slots), ` +
        `loaded over HTTP from this process: ${count(creates.count)} blocking creates at once, each held for the ` +
        `configured latency of ${ms(latencyMs, 0)}, then ${count(lists.count)} outputs-list requests ` +
        `(${lists.perPage} outputs a page, ${lists.concurrency} at a time, alternating the first page and a cursor page). ` +
        `Every request must succeed and every create be charged exactly once. The ideal for the creates is one latency ` +
        `for all of them; "overhead" is a create's time above the latency.`,
      tables: [
        {
          head: ['Load', 'wall time', 'ideal', 'wall / ideal', 'requests/s', 'p50', 'p99'],
          rows: [
            [
              `${count(creates.count)} concurrent creates`,
              ms(creates.wallMs, 0),
              ms(latencyMs, 0),
              ratio(wallRatio),
              count(creates.requestsPerSecond),
              `+${ms(creates.p50OverheadMs)} above latency`,
              `+${ms(creates.p99OverheadMs)} above latency`,
            ],
            [
              `${count(lists.count)} outputs lists (${lists.concurrency} at a time)`,
              ms(lists.wallMs, 0),
              '–',
              '–',
              count(lists.requestsPerSecond),
              ms(lists.p50Ms),
              ms(lists.p99Ms),
            ],
          ],
        },
        { head: ['Emulator process', 'peak RSS'], rows: [['after both loads', mib(r.peakRssMb)]] },
      ],
      verdict: [
        `${count(creates.count)} concurrent creates finish in ${ratio(wallRatio)} the ideal time (one latency); the slowest ` +
          `waited ${ms(creates.maxOverheadMs)} beyond its latency.`,
        `Outputs lists: ${count(lists.requestsPerSecond)} requests/s with ${lists.concurrency} in flight, p99 ${ms(lists.p99Ms)}.`,
      ],
      chart: groupedBars({
        title: `Emulator: ${count(creates.count)} concurrent creates, latency ${ms(latencyMs, 0)}`,
        axis: 'ms',
        digits: 0,
        bars: [
          { group: 'wall time, all creates', series: 'measured', value: creates.wallMs },
          { group: 'wall time, all creates', series: 'ideal (one latency)', value: latencyMs },
          { group: 'one create, p50', series: 'measured', value: latencyMs + creates.p50OverheadMs },
          { group: 'one create, p50', series: 'ideal (one latency)', value: latencyMs },
          { group: 'one create, p99', series: 'measured', value: latencyMs + creates.p99OverheadMs },
          { group: 'one create, p99', series: 'ideal (one latency)', value: latencyMs },
        ],
      }),
    };
  },
});
