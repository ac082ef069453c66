/**
 * The Zapier Generate Image step when Stablecog takes 5 s, 25 s and 40 s: what the user gets
 * (images, a "still generating" result with the seed to search for, or an error), how long the
 * step ran against Zapier's 30 s limit, and whether Find Image Outputs then finds the images.
 *
 * The built app (index.js → dist/, as Zapier loads it) runs through zapier-platform-core's app
 * tester, so its real middleware, z.request and output checks are in play, against one emulator
 * per latency. The three latencies run at the same time: the step is almost all waiting, so they
 * do not slow each other (each case's overshoot past its own deadline is in the figures).
 * The step's If Stablecog Is Still Working is "continue", so a slow generation returns a result
 * rather than stopping the Zap (the default, "halt", stops it with the same message).
 *
 *   npx tsx test/bench/zapier-latency.ts [--quick]
 */
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { startEmulator, type Emulator } from '@stablecog/emulator';

/** Zapier stops an action step after this long. */
export const ZAPIER_LIMIT_MS = 30_000;
const LATENCIES_MS = [5_000, 25_000, 40_000];

type Item = Record<string, any>;
type AppTester = (method: unknown, bundle?: object) => Promise<unknown>;

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

/** The built app and zapier-platform-core as the app resolves it (the copy Zapier would run it with). */
function loadApp(): { createAppTester(app: object): AppTester; App: Item; defaultBudgetMs: number } {
  const appDir = path.resolve(__dirname, '..', '..', 'packages', 'zapier-stablecog');
  const appRequire = createRequire(path.join(appDir, 'package.json'));
  process.env.NODE_ENV = 'test'; // as under Zapier's test runner: core prints no memory line per step
  return {
    createAppTester: appRequire('zapier-platform-core').createAppTester,
    App: appRequire('./index.js'),
    defaultBudgetMs: appRequire('./dist/config.js').DEFAULT_TIME_BUDGET_MS,
  };
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

async function runCase(createAppTester: (app: object) => AppTester, App: Item, latencyMs: number): Promise<ZapierLatencyCase> {
  const emulator = await startEmulator({ latencyMs, rateLimit: false });
  try {
    const { token } = emulator.control.createAccount({ credits: 10, plan: 'pro' });
    const appTester = createAppTester(App);
    const bundle = (inputData: Item) => ({ authData: { api_token: token, base_url: emulator.url }, inputData });
    const prompt = `a lighthouse at dawn, benchmark at ${latencyMs} ms`;

    const started = Date.now();
    let result: Item | undefined;
    let failure: Error | undefined;
    try {
      result = (await appTester(App.creates.generate_image.operation.perform, bundle({ prompt, if_slow: 'continue' }))) as Item;
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
      const found = (await appTester(
        App.searches.find_image_outputs.operation.perform,
        bundle({ prompt: result.prompt, seed: String(result.seed), since: result.created_at }),
      )) as Item[];
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
  const { createAppTester, App, defaultBudgetMs } = loadApp();
  const budgetMs = Math.round(defaultBudgetMs * scale);
  const previous = process.env.STABLECOG_TIME_BUDGET_MS;
  if (scale === 1) delete process.env.STABLECOG_TIME_BUDGET_MS;
  else process.env.STABLECOG_TIME_BUDGET_MS = String(budgetMs);
  try {
    const cases = await Promise.all(LATENCIES_MS.map((latency) => runCase(createAppTester, App, Math.round(latency * scale))));
    return { budgetMs, limitMs: Math.round(ZAPIER_LIMIT_MS * scale), scale, cases };
  } finally {
    if (previous === undefined) delete process.env.STABLECOG_TIME_BUDGET_MS;
    else process.env.STABLECOG_TIME_BUDGET_MS = previous;
  }
}

if (require.main === module) {
  runZapierLatencyBenchmark({ quick: process.argv.includes('--quick') }).then(
    (r) => {
      console.log(`Zapier Generate Image against Stablecog latencies (budget ${r.budgetMs} ms, Zapier limit ${r.limitMs} ms)`);
      for (const c of r.cases) {
        const recovery = c.recovery ? `; search found ${c.recovery.found} (same images: ${c.recovery.sameImages}) ${c.recovery.foundAfterMs} ms after the start` : '';
        console.log(`  latency ${c.latencyMs} ms: ${c.outcome}, ${c.images} images, step ${c.stepMs} ms, seed reported ${c.seedReported}, charged ${c.charged}${recovery}`);
      }
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
