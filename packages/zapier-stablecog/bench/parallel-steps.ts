/**
 * Benchmark "Zapier parallel steps": N Generate Image steps started at once in one process (as
 * Zapier runs a burst of Zaps on one server) against the emulator's per-IP rate limiter (10 creates
 * and 20 reads a second, as the real server) and a free plan (two generations at once, the rest
 * queued). Reports how many steps finished in their first run, how many creates were sent and
 * accepted, and how many 429 answers the steps absorbed.
 *
 *   npx tsx packages/zapier-stablecog/bench/parallel-steps.ts [steps]
 */
import zapier from 'zapier-platform-core';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import App from '../src';

const CREATE_PATH = '/v1/image/generation/create';
const MODELS_PATH = '/v1/image/generation/models';

/** What one burst of parallel steps did. */
export interface ParallelStepsFigures {
  steps: number;
  /** Steps that returned images in their first run (no ThrottledError, no rerun). */
  firstRoundCompletions: number;
  /** Create requests sent, refused ones included. */
  createsSent: number;
  /** Creates the server accepted (and charged): one per step means no duplicate. */
  createsAccepted: number;
  /** 429 answers the steps got (creates and reads) and absorbed by sending again. */
  throttledAnswers: number;
  /** Reads of the model list (the app caches it for the process). */
  modelListReads: number;
  /** Credits charged. */
  charged: number;
  /** How the other steps ended, e.g. "ThrottledError". */
  failures: string[];
  elapsedMs: number;
}

/** Runs `steps` Generate Image steps at once for a fresh free-plan account of `emulator`. */
export async function runParallelSteps(emulator: Emulator, steps: number): Promise<ParallelStepsFigures> {
  const { token } = emulator.control.createAccount({ credits: 100, plan: 'free' });
  const appTester = zapier.createAppTester(App) as (method: unknown, bundle: object) => Promise<Record<string, unknown>>;
  const perform = (App.creates!.generate_image as { operation: { perform: unknown } }).operation.perform;
  const logBefore = emulator.control.requests({ origin: 'api' }).length;
  const started = Date.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: steps }, (_, i) =>
      appTester(perform, { authData: { api_token: token, base_url: emulator.url }, inputData: { prompt: `parallel step ${i}` } }),
    ),
  );
  const elapsedMs = Date.now() - started;
  const log = emulator.control.requests({ origin: 'api' }).slice(logBefore);
  const creates = log.filter((r) => r.path === CREATE_PATH);
  return {
    steps,
    firstRoundCompletions: outcomes.filter((o) => o.status === 'fulfilled' && o.value.status === 'completed').length,
    createsSent: creates.length,
    createsAccepted: creates.filter((r) => r.status === 200).length,
    throttledAnswers: log.filter((r) => r.status === 429).length,
    modelListReads: log.filter((r) => r.path === MODELS_PATH).length,
    charged: emulator.control.ledger({ token }).reduce((sum, e) => sum + (e.kind === 'charge' ? e.amount : -e.amount), 0),
    failures: outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).name] : [])),
    elapsedMs,
  };
}

async function main(): Promise<void> {
  process.env.NODE_ENV = 'test'; // keeps zapier-platform-core's memory log line off stdout
  const steps = Number(process.argv[2] ?? 10);
  const emulator = await startEmulator({ latencyMs: 300 });
  try {
    const figures = await runParallelSteps(emulator, steps);
    console.log(
      `first-round completions: ${figures.firstRoundCompletions} of ${figures.steps}; creates sent: ${figures.createsSent} ` +
        `(${figures.createsAccepted} accepted); 429s absorbed: ${figures.throttledAnswers}; model list reads: ` +
        `${figures.modelListReads}; charged: ${figures.charged}; ${(figures.elapsedMs / 1000).toFixed(1)} s` +
        (figures.failures.length ? `; failed: ${figures.failures.join(', ')}` : ''),
    );
    console.log(JSON.stringify(figures));
  } finally {
    await emulator.close();
  }
}

if (require.main === module) void main();
