/**
 * The Zapier app (zapier-platform-core's app tester, real HTTP) under the emulator's faults and a
 * server crash mid-run. A throttled step is run again, as Zapier does; a halted or "still
 * generating" step is followed by the Find Image Outputs search its message asks for. Every credit
 * must be an image delivered or found that way, and no input may reach the create handler twice.
 */
import {
  crashMidRun,
  creditReport,
  describeReport,
  expectEveryCreditAccounted,
  expectNoCreateSentTwice,
  settledLedger,
  STEP_FAULTS,
  useFaultRig,
} from '@stablecog/testkit';
import {
  App,
  recoveryCriteria,
  zapierFailure,
  type ZapierFailure,
  zapierRunner,
  type ZapierRunner,
} from '@stablecog/testkit/zapier';

jest.setTimeout(120_000);

const rig = useFaultRig({ seed: 3, latencyMs: 150 });
let zap: ZapierRunner;
beforeEach(() => {
  zap = zapierRunner(rig.door.url, rig.token);
});

/** How a step ended, as a Zap owner sees it. */
type StepOutcome =
  | { kind: 'completed'; ids: string[] }
  | { kind: 'still_generating'; message: string }
  | { kind: 'failed'; failure: ZapierFailure };

/** Runs a step; a ThrottledError makes Zapier run it again later (here at once, up to 5 times). */
async function runStep(method: unknown, inputData: Record<string, unknown>): Promise<StepOutcome & { throttled: number }> {
  for (let throttled = 0; ; throttled++) {
    try {
      const result = (await zap.run(method, inputData)) as Record<string, any>;
      if (result.status === 'still_generating') return { kind: 'still_generating', message: result.message, throttled };
      return { kind: 'completed', ids: (result.outputs as Array<{ id: string }>).map((o) => o.id), throttled };
    } catch (err) {
      const failure = await zapierFailure(Promise.reject(err));
      if (failure.name !== 'ThrottledError' || throttled === 5) return { kind: 'failed', failure, throttled };
      expect(failure.delay).toBeGreaterThanOrEqual(10); // Zapier waits at least 10 s before the rerun
    }
  }
}

/** The images Find Image Outputs returns for a recovery message (prompt, seed and time in it). */
async function findFromMessage(message: string): Promise<string[]> {
  const criteria = recoveryCriteria(message);
  const found = (await zap.run(App.searches.find_image_outputs.operation.perform, criteria)) as Array<{ id: string }>;
  return found.map((o) => o.id);
}

describe('the Zapier app under injected faults and a crash mid-run', () => {
  it('accounts for every credit of 16 Generate Image and 4 Upscale Image steps', async () => {
    rig.emulator.control.injectFaults([...STEP_FAULTS]);
    // The server crashes while a create runs (after the 12th arrived) and is back 300 ms later.
    const crash = crashMidRun(rig.door, rig.emulator, rig.token, { nth: 12, downForMs: 300 });

    const prompts = Array.from({ length: 16 }, (_, i) => `zapier fault ${i}: a windmill in a tulip field`);
    const steps = [];
    for (const [i, prompt] of prompts.entries()) {
      const inputData = { prompt, num_outputs: String(1 + (i % 2)), size: '1:1', if_slow: i % 2 ? 'continue' : 'halt' };
      steps.push(await runStep(App.creates.generate_image.operation.perform, inputData));
    }
    expect(crash.happened).toBe(true);
    expect((await crash.done).runningWhenCut).toBeGreaterThan(0);
    const delivered = steps.flatMap((s) => (s.kind === 'completed' ? s.ids : []));
    const upscaleSteps = [];
    for (const input of delivered.slice(0, 4)) {
      upscaleSteps.push({ input, ...(await runStep(App.creates.upscale_image.operation.perform, { output_id: input })) });
    }

    // Every failure is one of Zapier's error classes with a message a Zap owner can act on.
    const failures = [...steps, ...upscaleSteps].flatMap((s) => (s.kind === 'failed' ? [s.failure] : []));
    for (const failure of failures) {
      expect(['AppError', 'HaltedError', 'ThrottledError']).toContain(failure.name);
      expect(failure.message.length).toBeGreaterThan(30);
      expect(failure.message).not.toMatch(/TypeError|undefined|\[object/);
    }
    // A generate cut off after it was sent names the prompt, seed and time to search for.
    const lostMessages = [
      ...steps.flatMap((s) => (s.kind === 'still_generating' ? [s.message] : [])),
      ...failures.filter((f) => f.name === 'HaltedError' && /Seed \d+/.test(f.message)).map((f) => f.message),
    ];
    expect(lostMessages.length).toBeGreaterThanOrEqual(5); // 2 drops, 1 drop-before, 1 502, the crash
    const lostUpscales = upscaleSteps.filter((s) => s.kind === 'failed' && s.failure.name === 'HaltedError');
    expect(lostUpscales.length).toBeGreaterThanOrEqual(1);
    for (const s of lostUpscales) expect((s as { failure: ZapierFailure }).failure.message).toContain(s.input);

    // Later, on a healthy server, the Zap owner runs the search the message asked for.
    rig.emulator.control.clearFaults();
    await rig.door.up();
    const ledger = await settledLedger(rig.emulator, rig.token);
    const recovered = await Promise.all(lostMessages.map(findFromMessage));
    // A lost upscale shows up as the Upscaled Image URL of its output in New Image Output.
    const polled = (await zap.run(App.triggers.new_image_output.operation.perform)) as Array<{ id: string; upscaled_image_url: string | null }>;
    const upscalesRecovered = lostUpscales.filter((s) => polled.find((o) => o.id === s.input)?.upscaled_image_url).length;

    const report = creditReport(ledger, {
      delivered,
      recovered,
      upscaled: upscaleSteps.flatMap((s) => (s.kind === 'completed' ? s.ids : [])),
      upscalesRecovered,
    });
    const throttled = [...steps, ...upscaleSteps].reduce((n, s) => n + s.throttled, 0);
    console.log(
      `${describeReport('Zapier, 16 generates + 4 upscales under faults', report)}; ` +
        `${lostMessages.length} generates ended with a recovery message, ${throttled} steps were throttled and run again, ` +
        `failures: ${failures.map((f) => f.name).join(', ') || 'none'}`,
    );
    expectEveryCreditAccounted(report);
    expect(report.generate.recovered).toBeGreaterThanOrEqual(2);
    expectNoCreateSentTwice(rig.door);
  });

  it('reads under 429s and 5xx: the trigger and the search succeed within their retries or fail with a clear error', async () => {
    await zap.run(App.creates.generate_image.operation.perform, { prompt: 'something to list', num_outputs: '2' });
    rig.emulator.control.injectFaults([
      { route: '*', kind: '429', probability: 0.3 },
      { route: 'outputs', kind: '500', probability: 0.2 },
      { route: 'outputs', kind: '502', probability: 0.1 },
      { route: 'outputs', kind: 'slow', times: 2, delayMs: 200 },
    ]);
    const outcomes: Array<'ok' | ZapierFailure> = [];
    for (let i = 0; i < 12; i++) {
      const step =
        i % 2
          ? zap.run(App.triggers.new_image_output.operation.perform)
          : zap.run(App.searches.find_image_outputs.operation.perform, { prompt: 'something to list' });
      outcomes.push(await step.then((items: unknown[]) => (expect(items).toHaveLength(2), 'ok' as const), (err) => zapierFailure(Promise.reject(err))));
    }
    const failed = outcomes.filter((o): o is ZapierFailure => o !== 'ok');
    console.log(`Zapier reads under faults: ${outcomes.length - failed.length}/${outcomes.length} succeeded; failures: ${failed.map((f) => f.name).join(', ') || 'none'}`);
    for (const failure of failed) {
      // 429s that outlast the retries are Zapier's ThrottledError (it runs the step again); 5xx a plain error.
      expect(['ThrottledError', 'AppError']).toContain(failure.name);
      expect(failure.message).toMatch(/Stablecog/);
    }
    expect(failed.length).toBeLessThan(outcomes.length / 2);
    expect(rig.emulator.control.ledger({ token: rig.token }).filter((e) => e.kind === 'charge')).toHaveLength(1);
  });

  it('a generate whose slow answer outlives the step budget continues as "still generating" and is found again', async () => {
    process.env.STABLECOG_TIME_BUDGET_MS = '1500';
    try {
      rig.emulator.control.injectFaults({ route: 'generate', kind: 'slow', times: 1, delayMs: 4000 });
      const step = await runStep(App.creates.generate_image.operation.perform, { prompt: 'a slow snail', num_outputs: '2', if_slow: 'continue' });
      expect(step.kind).toBe('still_generating');
      const ledger = await settledLedger(rig.emulator, rig.token);
      const report = creditReport(ledger, { delivered: [], recovered: [await findFromMessage((step as { message: string }).message)] });
      expectEveryCreditAccounted(report);
      expect(report.generate).toMatchObject({ charged: 2, recovered: 2 });
    } finally {
      delete process.env.STABLECOG_TIME_BUDGET_MS;
    }
  });
});
