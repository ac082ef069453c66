/**
 * Ten Zapier Generate Image steps started at once in one process (as Zapier runs a burst of Zaps
 * on one of its servers) against Stablecog's per-IP rate limiter (10 creates and 20 reads a second,
 * as the real server) and a free plan (two generations at once, the rest queued): how many finish
 * in their first run, how many creates were sent and accepted, how many 429 answers the steps
 * absorbed, and how often the model list was read.
 *
 *   npm run bench -- --only zapier-parallel-steps [--quick]
 */
import { startEmulator } from '@stablecog/emulator';
import { benchmark } from './lib/benchmark';
import { groupedBars } from './lib/chart';
import { seconds, verdict } from './lib/format';

const CREATE_PATH = '/v1/image/generation/create';
const MODELS_PATH = '/v1/image/generation/models';

/** What one burst of parallel steps did. */
export interface ParallelStepsRound {
  steps: number;
  /** Steps that returned images in their first run (no ThrottledError, no rerun). */
  firstRoundCompletions: number;
  /** Create requests sent, refused ones included. */
  createsSent: number;
  /** Creates the server accepted (and charged): one per step means no duplicate. */
  createsAccepted: number;
  /** 429 answers the steps got (creates and reads) and absorbed by sending again. */
  throttledAnswers: number;
  /** Reads of the model list (cached per process by the app). */
  modelListReads: number;
  /** Credits charged. */
  charged: number;
  /** How the other steps ended, e.g. "ThrottledError". */
  failures: string[];
  elapsedMs: number;
}

export interface ParallelStepsBenchmark {
  latencyMs: number;
  rounds: ParallelStepsRound[];
}

/** One burst of `steps` Generate Image steps for a fresh free-plan account, in a fresh process's app. */
async function runRound(steps: number, latencyMs: number): Promise<ParallelStepsRound> {
  const { App, zapierRunner } = await import('@stablecog/testkit/zapier');
  const emulator = await startEmulator({ latencyMs }); // the limiter is on, as on the real server
  try {
    const { token } = emulator.control.createAccount({ credits: 100, plan: 'free' });
    const zapier = zapierRunner(emulator.url, token);
    const started = Date.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: steps }, (_, i) => zapier.run(App.creates.generate_image.operation.perform, { prompt: `parallel step ${i}` })),
    );
    const elapsedMs = Date.now() - started;
    const log = emulator.control.requests({ origin: 'api' });
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
  } finally {
    await emulator.close();
  }
}

export default benchmark<ParallelStepsBenchmark>({
  name: 'zapier-parallel-steps',
  title: 'Zapier: 10 Generate Image steps at once under the rate limiter',
  async run({ quick }) {
    const latencyMs = 300;
    // Rounds one after another, each with its own emulator (a fresh limiter, a new API origin, so
    // the app's per-process model list is read once per round, as by a cold Zapier process).
    const rounds: ParallelStepsRound[] = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) rounds.push(await runRound(10, latencyMs));
    return { latencyMs, rounds };
  },
  report(r) {
    const complete = r.rounds.every((round) => round.firstRoundCompletions === round.steps);
    const once = r.rounds.every((round) => round.createsAccepted === round.steps && round.charged === round.steps);
    return {
      method:
        'The built Zapier app (as Zapier loads it) runs 10 Generate Image steps at the same moment in one process, ' +
        "through zapier-platform-core's `createAppTester`, against an emulator with the real server's per-IP rate " +
        `limiter on (10 creates and 20 reads a second, one shared counter) and a free-plan account (two generations ` +
        `at once, the rest queued), each generation taking ${seconds(r.latencyMs)}. A step that fails with a ` +
        "ThrottledError would be run again by Zapier later: it counts as not finished in its first run. The emulator's " +
        'request log gives the creates sent and accepted, the 429 answers and the model-list reads; its ledger the ' +
        'credits charged. Each round has a fresh emulator, so the app reads the model list afresh, as a cold process.',
      tables: [
        {
          head: ['Round', 'first-round completions', 'creates sent', 'creates accepted', '429s absorbed', 'model list reads', 'credits charged', 'wall time'],
          rows: r.rounds.map((round, i) => [
            String(i + 1),
            `${round.firstRoundCompletions} of ${round.steps}`,
            String(round.createsSent),
            String(round.createsAccepted),
            String(round.throttledAnswers),
            String(round.modelListReads),
            String(round.charged),
            seconds(round.elapsedMs),
          ]),
        },
      ],
      verdict: [
        `Every step finished in its first run: ${verdict(complete)}.`,
        `No duplicate create (one accepted create and one charge per step): ${verdict(once)}.`,
      ],
      chart: groupedBars({
        title: 'Zapier: 10 parallel Generate Image steps under the rate limiter',
        axis: 'count',
        digits: 0,
        bars: r.rounds.flatMap((round, i) => [
          { group: `Round ${i + 1}`, series: 'first-round completions', value: round.firstRoundCompletions },
          { group: `Round ${i + 1}`, series: 'creates sent', value: round.createsSent },
          { group: `Round ${i + 1}`, series: '429s absorbed', value: round.throttledAnswers },
        ]),
      }),
    };
  },
});
