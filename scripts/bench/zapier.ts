/** Adapter: the Zapier generate at Stablecog latencies of 5, 25 and 40 s (test/bench/zapier-latency.ts). */
import type { ZapierLatencyBenchmark, ZapierLatencyCase } from '../../test/bench/zapier-latency';
import { benchmark } from './benchmark';
import { groupedBars, limitRule } from './chart';
import { ratio, seconds, verdict } from './format';

const OUTCOMES: Record<ZapierLatencyCase['outcome'], string> = {
  completed: 'the images',
  still_generating: '"still generating" result with prompt, seed and time to search',
  error: 'an error',
};

export default benchmark<ZapierLatencyBenchmark>({
  name: 'zapier',
  title: 'Zapier Generate Image at slow latencies',
  async run({ quick }) {
    const { runZapierLatencyBenchmark } = await import('../../test/bench/zapier-latency.js');
    return runZapierLatencyBenchmark({ quick });
  },
  report(r) {
    const latency = (c: ZapierLatencyCase) => `Stablecog takes ${seconds(c.latencyMs, 0)}`;
    const slowest = Math.max(...r.cases.map((c) => c.stepMs));
    const unanswered = r.cases.filter((c) => c.outcome !== 'completed');
    return {
      method:
        'The built Zapier app (as Zapier loads it) runs Generate Image (one image, If Stablecog Is Still Working = ' +
        'continue) through zapier-platform-core\'s `createAppTester`, against an emulator whose generation takes the ' +
        'given time; the three latencies run at once, one emulator each. The step waits at most ' +
        `${seconds(r.budgetMs, 0)} for Stablecog, inside Zapier's ${seconds(r.limitMs, 0)} limit for a step. When it ` +
        'returns without images, the benchmark waits until the emulator has finished the job, then runs Find Image ' +
        'Outputs once with the prompt, seed and time the step reported, and checks it returns exactly the images ' +
        'the emulator made. With the default choice, "halt", the step stops the Zap at the same moment with the same ' +
        'message instead of returning a result.' +
        (r.scale === 1 ? '' : ` **Quick run: every time (latencies, budget, limit) is scaled by ${r.scale}.**`),
      tables: [
        {
          head: ['Latency', 'The user gets', 'seed reported', 'step wall time', `÷ ${seconds(r.limitMs, 0)} limit`, 'Find Image Outputs afterwards', 'credits charged'],
          rows: r.cases.map((c) => [
            seconds(c.latencyMs, 0),
            c.outcome === 'completed' ? `${c.images} image${c.images === 1 ? '' : 's'}` : OUTCOMES[c.outcome],
            c.seedReported ? 'yes' : 'no',
            seconds(c.stepMs),
            ratio(c.stepMs / r.limitMs),
            c.recovery
              ? `${c.recovery.found} image${c.recovery.found === 1 ? '' : 's'}${c.recovery.sameImages ? ' (the ones made)' : ' (**not the ones made**)'} at ${seconds(c.recovery.foundAfterMs)}`
              : 'not needed',
            String(c.charged),
          ]),
        },
      ],
      verdict: [
        `Every step answered within Zapier's limit: slowest ${seconds(slowest)} = ${ratio(slowest / r.limitMs)} the ${seconds(r.limitMs, 0)} limit: ${verdict(slowest < r.limitMs)}.`,
        unanswered.length
          ? `Slower generations are found by the search once Stablecog is done: ${unanswered
              .map((c) => `${seconds(c.latencyMs, 0)}: ${c.recovery?.sameImages ? 'found' : '**not found**'}`)
              .join(', ')}; ${unanswered.every((c) => c.charged === 1) ? 'each charged once' : '**charged more than once**'}.`
          : 'Every generation returned its images within the step.',
      ],
      chart: groupedBars({
        title: "Zapier Generate Image: the step's wall time against Zapier's limit",
        axis: 'seconds',
        digits: 1,
        bars: r.cases.flatMap((c) => [
          { group: latency(c), series: 'Zapier step (wall time)', value: c.stepMs / 1000 },
          { group: latency(c), series: 'Stablecog generation (emulated)', value: c.latencyMs / 1000 },
        ]),
        layers: [limitRule(r.limitMs / 1000, `Zapier limit ${seconds(r.limitMs, 0)}`)],
      }),
    };
  },
});
