/**
 * The Zapier Generate Image step when Stablecog takes 5 s, 25 s and 40 s: what the user gets
 * (images, a "still generating" result with the seed to search for, or an error), how long the
 * step ran against Zapier's 30 s limit, and whether Find Image Outputs then finds the images.
 *
 * The app, loaded as the package it is (`require('zapier-stablecog')`, as Zapier loads it), runs
 * through zapier-platform-core's app tester (@stablecog/testkit/zapier), so its real middleware, z.request and output checks are in play, against one emulator
 * per latency. The three latencies run at the same time: the step is almost all waiting, so they
 * do not slow each other (each case's overshoot past its own deadline is in the figures).
 * The step's If Stablecog Is Still Working is "continue", so a slow generation returns a result
 * rather than stopping the Zap (the default, "halt", stops it with the same message).
 *
 *   npm run bench -- --only zapier [--quick]
 */
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { benchmark } from './lib/benchmark';
import { groupedBars, limitRule } from './lib/chart';
import { ratio, seconds, verdict } from './lib/format';

/** Zapier stops an action step after this long. */
export const ZAPIER_LIMIT_MS = 30_000;
/** The app's own default budget for a generate (its DEFAULT_TIME_BUDGET_MS): a full run leaves it as it is. */
const APP_BUDGET_MS = 25_000;
const LATENCIES_MS = [5_000, 25_000, 40_000];

type Item = Record<string, any>;
type ZapierKit = typeof import('@stablecog/testkit/zapier');

/** What one latency gave. */
export interface ZapierLatencyCase {
  latencyMs: number;
  /** `completed` (images), `still_generating` (the budget ran out), or `error` (the step failed). */
  outcome: 'completed' | 'still_generating' | 'error';
  /** Images the step returned. */
  images: number;
  /** Whether the step's result (or error) names the seed the search needs. */
  seedReported: boolean;
  /** The step's wall time, from perform called to perform settled. */
  stepMs: number;
  /** The first sentence of the error or "still generating" message. */
  message?: string;
  /** Credits the emulator charged for this step's generation. */
  charged: number;
  /** For a step that did not return the images: the search run once the emulator finished the job. */
  recovery?: {
    /** Images Find Image Outputs returned for the prompt, seed and time the step reported. */
    found: number;
    /** Whether they are exactly the images the emulator made for this step. */
    sameImages: boolean;
    /** From the step's start to the search's answer. */
    foundAfterMs: number;
  };
}

export interface ZapierLatencyBenchmark {
  /** The generate's own time budget (Zapier's limit less a margin for the response). */
  budgetMs: number;
  limitMs: number;
  /** 1 for the real run; smaller in a quick run, where latencies, budget and limit all shrink. */
  scale: number;
  cases: ZapierLatencyCase[];
}

/** Waits until the emulator has finished (and charged) every generation of the account. */
async function jobFinished(emulator: Emulator, token: string, timeoutMs: number): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const charge = emulator.control.ledger({ token }).find((e) => e.kind === 'charge' && e.outputIds?.length);
    if (charge) return charge.outputIds!;
    if (Date.now() > until) throw new Error(`the emulator did not finish the generation within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runCase({ App, zapierRunner }: ZapierKit, latencyMs: number): Promise<ZapierLatencyCase> {
  const emulator = await startEmulator({ latencyMs, rateLimit: false });
  try {
    const { token } = emulator.control.createAccount({ credits: 10, plan: 'pro' });
    const zapier = zapierRunner(emulator.url, token);
    const prompt = `a lighthouse at dawn, benchmark at ${latencyMs} ms`;

    const started = Date.now();
    let result: Item | undefined;
    let failure: Error | undefined;
    try {
      result = (await zapier.run(App.creates.generate_image.operation.perform, { prompt, if_slow: 'continue' })) as Item;
    } catch (err) {
      failure = err as Error;
    }
    const stepMs = Date.now() - started;
    const charged = () => emulator.control.ledger({ token }).filter((e) => e.kind === 'charge').reduce((sum, e) => sum + e.amount, 0);

    if (failure || !result) {
      const message = failure?.message ?? 'no result';
      return { latencyMs, outcome: 'error', images: 0, seedReported: /Seed \d+/.test(message), stepMs, message: firstSentence(message), charged: charged() };
    }
    const outcome = result.status === 'completed' ? 'completed' : 'still_generating';
    const item: ZapierLatencyCase = {
      latencyMs,
      outcome,
      images: (result.outputs as Item[]).length,
      seedReported: Number.isInteger(result.seed),
      stepMs,
      ...(result.message ? { message: firstSentence(String(result.message)) } : {}),
      charged: 0,
    };
    if (outcome === 'still_generating') {
      // As the message tells the user: once Stablecog is done, search by prompt, seed and time.
      const made = await jobFinished(emulator, token, latencyMs + 10_000);
      const found = (await zapier.run(App.searches.find_image_outputs.operation.perform, {
        prompt: result.prompt,
        seed: String(result.seed),
        since: result.created_at,
      })) as Item[];
      const foundIds = found.map((image) => image.id as string).sort();
      item.recovery = { found: found.length, sameImages: foundIds.join() === [...made].sort().join(), foundAfterMs: Date.now() - started };
    }
    item.charged = charged();
    return item;
  } finally {
    await emulator.close();
  }
}

function firstSentence(text: string): string {
  const end = text.search(/[.;](\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1);
}

/** Runs the three latencies at once; a quick run shrinks latencies, budget and limit by `scale`. */
export async function runZapierLatencyBenchmark(options: { quick?: boolean } = {}): Promise<ZapierLatencyBenchmark> {
  const scale = options.quick ? 0.2 : 1;
  const kit = await import('@stablecog/testkit/zapier'); // loads the app and core: only in the benchmark's own process
  const budgetMs = Math.round(APP_BUDGET_MS * scale);
  const previous = process.env.STABLECOG_TIME_BUDGET_MS;
  if (scale === 1) delete process.env.STABLECOG_TIME_BUDGET_MS;
  else process.env.STABLECOG_TIME_BUDGET_MS = String(budgetMs);
  try {
    const cases = await Promise.all(LATENCIES_MS.map((latency) => runCase(kit, Math.round(latency * scale))));
    return { budgetMs, limitMs: Math.round(ZAPIER_LIMIT_MS * scale), scale, cases };
  } finally {
    if (previous === undefined) delete process.env.STABLECOG_TIME_BUDGET_MS;
    else process.env.STABLECOG_TIME_BUDGET_MS = previous;
  }
}

const OUTCOMES: Record<ZapierLatencyCase['outcome'], string> = {
  completed: 'the images',
  still_generating: '"still generating" result with prompt, seed and time to search',
  error: 'an error',
};

export default benchmark<ZapierLatencyBenchmark>({
  name: 'zapier',
  title: 'Zapier Generate Image at slow latencies',
  async run({ quick }) {
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
