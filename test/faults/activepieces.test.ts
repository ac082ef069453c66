/**
 * The Activepieces piece (its actions' `run` with engine-shaped contexts, real HTTP) under the
 * emulator's faults and a server crash mid-run. Retry on Failure is off for the creates, so a
 * step that fails is not run again, except one refused by the rate limit or a full queue (refused
 * before any charge), which the flow owner runs again; a step whose answer was lost is followed
 * by the Find Outputs step its message asks for. Every credit must be an image delivered or found
 * that way, and no input may reach the create handler twice.
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
import { findOutputs } from '../../packages/activepieces-stablecog/src/lib/actions/find-outputs';
import { generateImage } from '../../packages/activepieces-stablecog/src/lib/actions/generate-image';
import { listOutputs } from '../../packages/activepieces-stablecog/src/lib/actions/list-outputs';
import { upscaleImage } from '../../packages/activepieces-stablecog/src/lib/actions/upscale-image';
import { engineFor, type Engine } from '../../packages/activepieces-stablecog/test/helpers';

jest.setTimeout(180_000);

const rig = useFaultRig({ seed: 5, latencyMs: 150 });
let engine: Engine;
beforeEach(() => {
  engine = engineFor(rig.door.url, rig.token);
});

type StepOutcome = { kind: 'completed'; ids: string[] } | { kind: 'failed'; code: string; message: string };

/** Failures Stablecog answers before charging: the owner may run the step again. */
const REFUSED_BEFORE_CHARGE = ['rate_limited', 'queue_full'];

/** Runs a step as a flow does; a step refused before any charge is run again (up to 5 times). */
async function runStep(run: () => Promise<unknown>): Promise<StepOutcome & { reruns: number }> {
  for (let reruns = 0; ; reruns++) {
    try {
      const result = (await run()) as { images: Array<{ id: string }> };
      return { kind: 'completed', ids: result.images.map((i) => i.id), reruns };
    } catch (err) {
      const { code, message } = err as { code?: string; message: string };
      if (!REFUSED_BEFORE_CHARGE.includes(code ?? '') || reruns === 5) return { kind: 'failed', code: code ?? 'none', message, reruns };
    }
  }
}

/** The images the Find Outputs step finds for a lost generate's message (prompt, seed and time in it). */
async function findFromMessage(message: string): Promise<string[]> {
  const match = /Prompt "(.*)", Seed (\d+) and Since (\S+)\./s.exec(message);
  if (!match) throw new Error(`no search criteria in: ${message}`);
  const found = (await findOutputs.run(
    engine.actionContext(findOutputs.props, { prompt: match[1]!, seed: Number(match[2]), since: match[3]! }),
  )) as { outputs: Array<{ id: string }> };
  return found.outputs.map((o) => o.id);
}

describe('the Activepieces piece under injected faults and a crash mid-run', () => {
  it('accounts for every credit of 16 Generate Image and 4 Upscale Image steps', async () => {
    rig.emulator.control.injectFaults([...STEP_FAULTS]);
    const crash = crashMidRun(rig.door, rig.emulator, rig.token, { nth: 12, downForMs: 300 });

    const steps = [];
    for (let i = 0; i < 16; i++) {
      const values = { prompt: `activepieces fault ${i}: a windmill in a tulip field`, num_outputs: 1 + (i % 2), aspect_ratio: '1:1' };
      steps.push(await runStep(() => generateImage.run(engine.actionContext(generateImage.props, values))));
    }
    expect(crash.happened).toBe(true);
    expect((await crash.done).runningWhenCut).toBeGreaterThan(0);
    const delivered = steps.flatMap((s) => (s.kind === 'completed' ? s.ids : []));
    const upscaleSteps = [];
    for (const image of delivered.slice(0, 4)) {
      upscaleSteps.push({ image, ...(await runStep(() => upscaleImage.run(engine.actionContext(upscaleImage.props, { image })))) });
    }

    const failures = [...steps, ...upscaleSteps].flatMap((s) => (s.kind === 'failed' ? [s] : []));
    for (const failure of failures) {
      expect(failure.message.length).toBeGreaterThan(30);
      expect(failure.message).not.toMatch(/TypeError|undefined|\[object/);
      expect(failure.message).not.toContain(rig.token);
    }
    const lostMessages = failures.filter((f) => f.code === 'outcome_unknown' && /Seed \d+/.test(f.message)).map((f) => f.message);
    expect(lostMessages.length).toBeGreaterThanOrEqual(5); // 2 drops, 1 drop-before, 1 502, the crash
    const lostUpscales = upscaleSteps.filter((s) => s.kind === 'failed' && s.code === 'outcome_unknown');
    expect(lostUpscales.length).toBeGreaterThanOrEqual(1);
    for (const s of lostUpscales) expect((s as { message: string }).message).toContain(s.image);

    // Later, on a healthy server, the flow owner runs the step the message asked for.
    rig.emulator.control.clearFaults();
    await rig.door.up();
    const ledger = await settledLedger(rig.emulator, rig.token);
    const recovered = await Promise.all(lostMessages.map(findFromMessage));
    const listed = (await listOutputs.run(engine.actionContext(listOutputs.props, { limit: 100 }))) as {
      outputs: Array<{ id: string; upscaled_image_url: string | null }>;
    };
    const upscalesRecovered = lostUpscales.filter((s) => listed.outputs.find((o) => o.id === s.image)?.upscaled_image_url).length;

    const report = creditReport(ledger, {
      delivered,
      recovered,
      upscaled: upscaleSteps.flatMap((s) => (s.kind === 'completed' ? s.ids : [])),
      upscalesRecovered,
    });
    const reruns = [...steps, ...upscaleSteps].reduce((n, s) => n + s.reruns, 0);
    console.log(
      `${describeReport('Activepieces, 16 generates + 4 upscales under faults', report)}; ` +
        `${lostMessages.length} generates ended with a recovery message, ${reruns} refused steps were run again, ` +
        `failures: ${failures.map((f) => f.code).join(', ') || 'none'}`,
    );
    expectEveryCreditAccounted(report);
    expect(report.generate.recovered).toBeGreaterThanOrEqual(2);
    expectNoCreateSentTwice(rig.door);
  });
});
