/**
 * The Activepieces piece's steps, run as the Activepieces engine runs them (each action's `run`,
 * the dropdown loaders, the trigger's hooks, with contexts of the framework's own types) against the
 * emulator: connect, pick a model, generate, upscale, trigger, find, and a create whose answer is
 * lost, recovered by Find Outputs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stablecogAuth } from '../../packages/activepieces-stablecog/src';
import { findOutputs } from '../../packages/activepieces-stablecog/src/lib/actions/find-outputs';
import { generateImage } from '../../packages/activepieces-stablecog/src/lib/actions/generate-image';
import { getCredits } from '../../packages/activepieces-stablecog/src/lib/actions/get-credits';
import { upscaleImage } from '../../packages/activepieces-stablecog/src/lib/actions/upscale-image';
import { newOutput } from '../../packages/activepieces-stablecog/src/lib/triggers/new-output';
import { engineFor, memoryStore, triggerContext, type PollingTrigger } from '../../packages/activepieces-stablecog/test/helpers';
import type { DemoContext } from './context';

type Item = Record<string, any>;

/** Runs the piece's steps against the demo emulator and prints what each returns. */
export async function run(ctx: DemoContext): Promise<void> {
  const engine = engineFor(ctx.apiUrl, ctx.token);
  /** Keeps the files the steps wrote through the engine's file API. */
  const save = (written: Array<{ fileName: string; data: Buffer }>, prefix: string) => {
    for (const file of written) fs.writeFileSync(path.join(ctx.outDir, `${prefix}-${file.fileName}`), file.data);
  };

  const valid = await stablecogAuth.validate!({ auth: engine.auth.props, server: { apiUrl: '', publicUrl: '' } });
  const credits = (await getCredits.run(engine.actionContext(getCredits.props, {}))) as Item;
  step('Connect (validate) and Get Credits', `${JSON.stringify(valid)}; ${credits.total_remaining_credits} credits`);

  const models = await generateImage.props.model_id.options({ auth: engine.auth }, engine.propertyContext);
  const schedulers = await generateImage.props.scheduler_id.options({ auth: engine.auth, model_id: models.options[0]?.value }, engine.propertyContext);
  step('Model and Scheduler dropdowns', `${models.options.map((o) => o.label).join(', ')}\n${models.options[0]?.label}: ${schedulers.options.map((o) => o.label).join(', ')}`);

  const trigger = newOutput as unknown as PollingTrigger<typeof newOutput.props>;
  const store = memoryStore('live');
  const triggerCtx = triggerContext<typeof newOutput.props>(engine, { model_id: undefined }, store);
  await trigger.onEnable(triggerCtx);

  const generateCtx = engine.actionContext(generateImage.props, {
    prompt: 'a lighthouse on a cliff at dawn, oil painting',
    aspect_ratio: '16:9',
    num_outputs: 2,
    seed: 1234,
  });
  const generated = (await generateImage.run(generateCtx)) as Item;
  step('Generate Image', summary(generated, ['image_count', 'seed', 'width', 'height', 'model_id', 'remaining_credits']) +
    `\n${(generated.images as Item[]).map((i) => `${i.id}  ${i.image_url}  file: ${i.file}`).join('\n')}`);
  save(generateCtx.written, 'activepieces-generated');

  const upscaleCtx = engine.actionContext(upscaleImage.props, { image: generated.images[0].id });
  const upscaled = (await upscaleImage.run(upscaleCtx)) as Item;
  step('Upscale Image', `${upscaled.images[0].image_url} (${upscaled.remaining_credits} credits left)`);
  save(upscaleCtx.written, 'activepieces-upscaled');

  const fired = (await trigger.run(triggerCtx)) as Item[];
  step('New Output (one poll after enabling)', `${fired.length} new: ${fired.map((i) => i.id.slice(0, 8)).join(', ')}`);

  const found = (await findOutputs.run(engine.actionContext(findOutputs.props, { prompt: generated.prompt, seed: 1234 }))) as Item;
  step('Find Outputs (prompt + seed)', (found.outputs as Item[]).map((i) => `${i.id}  ${i.width}x${i.height}  upscaled: ${i.upscaled_image_url ? 'yes' : 'no'}`).join('\n'));

  // The connection drops after Stablecog received the create: it finishes (and charges) anyway.
  ctx.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
  const lost = await generateImage.run(engine.actionContext(generateImage.props, { prompt: 'a lost tortoise', width: 512, height: 512 })).then(
    () => 'unexpectedly succeeded',
    (err: Error) => err.message,
  );
  step('Generate Image, answer lost in transit (never sent again)', lost);
  const criteria = /Prompt "(.*)", Seed (\d+) and Since (\S+)\./s.exec(lost);
  if (criteria) {
    const recovered = (await findOutputs.run(
      engine.actionContext(findOutputs.props, { prompt: criteria[1]!, seed: Number(criteria[2]), since: criteria[3]! }),
    )) as Item;
    step('Find Outputs (the step the message asks for)', (recovered.outputs as Item[]).map((i) => `${i.id}  ${i.image_url}`).join('\n') || 'not found');
  }
}

function summary(item: Item, keys: string[]): string {
  return keys.map((key) => `${key}: ${JSON.stringify(item[key])}`).join('\n');
}

function step(title: string, body: string): void {
  console.log(`\n${title}\n${body.replace(/^/gm, '  ')}`);
}
