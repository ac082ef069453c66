/**
 * The Zapier app's steps, run the way Zapier runs them (zapier-platform-core's app tester: the
 * app's real middleware, z.request and output checks) against the emulator: connect, generate,
 * upscale, trigger, find, and a generation slower than Zapier's time limit recovered by the search.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, zapierRunner, type ZapierRunner } from '@stablecog/testkit/zapier';
import type { DemoContext } from './context';

type Item = Record<string, any>;

/** Runs the Zapier steps against the demo emulator and prints what each returns. */
export async function run(ctx: DemoContext): Promise<void> {
  const zapier = zapierRunner(ctx.apiUrl, ctx.token);
  /** Saves an image through the app's own z.request and middleware, as its hydrator downloads it (no token to the image host). */
  const save = async (url: string, name: string): Promise<void> => {
    const base64 = (await zapier.run(async (z: any) =>
      Buffer.from(await (await z.request({ url, method: 'GET', raw: true })).buffer()).toString('base64'),
    )) as string;
    fs.writeFileSync(path.join(ctx.outDir, name), Buffer.from(base64, 'base64'));
  };

  const credits = (await zapier.run(App.authentication.test)) as Item;
  const label = await zapier.run(App.authentication.connectionLabel, credits);
  step('Connect (authentication test)', `connection label: "${label}"`);

  const generated = (await zapier.run(
    App.creates.generate_image.operation.perform,
    { prompt: 'a lighthouse on a cliff at dawn, oil painting', size: '16:9', num_outputs: '2', seed: '1234' },
  )) as Item;
  step('Generate Image', summary(generated, ['status', 'id', 'image_url', 'image_count', 'seed', 'model_name', 'size', 'remaining_credits']));
  for (const image of generated.outputs as Item[]) await save(image.image_url, `zapier-generated-${image.id}.jpeg`);

  const upscaled = (await zapier.run(App.creates.upscale_image.operation.perform, { output_id: generated.id })) as Item;
  step('Upscale Image', summary(upscaled, ['id', 'image_url', 'source', 'remaining_credits']));
  await save(upscaled.image_url, `zapier-upscaled-${upscaled.id}.jpeg`);

  const polled = (await zapier.run(App.triggers.new_image_output.operation.perform)) as Item[];
  step('New Image Output (one poll)', `${polled.length} images, newest first: ${polled.map((i) => i.id.slice(0, 8)).join(', ')}`);

  const found = (await zapier.run(App.searches.find_image_outputs.operation.perform, { prompt: generated.prompt, seed: '1234' })) as Item[];
  step('Find Image Outputs (prompt + seed)', found.map((i) => `${i.id}  ${i.width}x${i.height}  upscaled: ${i.upscaled_image_url ? 'yes' : 'no'}`).join('\n'));

  await slowGeneration(ctx, zapier, save);
}

/** Stablecog slower than the step's budget (shortened here to 2 s; 25 s in Zapier), then the search. */
async function slowGeneration(
  ctx: DemoContext,
  zapier: ZapierRunner,
  save: (url: string, name: string) => Promise<void>,
): Promise<void> {
  const latency = ctx.emulator.control.config().latencyMs;
  ctx.emulator.control.configure({ latencyMs: 6_000 });
  process.env.STABLECOG_TIME_BUDGET_MS = '2000';
  try {
    const pending = (await zapier.run(
      App.creates.generate_image.operation.perform,
      { prompt: 'a very slow tortoise', if_slow: 'continue' },
    )) as Item;
    step('Generate Image, slower than the budget ("continue" chosen)', `${pending.status}: ${pending.message}`);
    const search = { prompt: pending.prompt, seed: String(pending.seed), since: pending.created_at };
    let found: Item[] = [];
    for (let attempt = 0; attempt < 20 && found.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      found = (await zapier.run(App.searches.find_image_outputs.operation.perform, search)) as Item[];
    }
    step('Find Image Outputs (the recovery search, a few seconds later)', found.map((i) => `${i.id}  ${i.image_url}`).join('\n') || 'not found');
    for (const image of found) await save(image.image_url, `zapier-recovered-${image.id}.jpeg`);
  } finally {
    delete process.env.STABLECOG_TIME_BUDGET_MS;
    ctx.emulator.control.configure({ latencyMs: latency });
  }
}

function step(title: string, body: string): void {
  console.log(`\n${title}\n${body.replace(/^/gm, '  ')}`);
}

function summary(item: Item, keys: string[]): string {
  return keys.map((key) => `${key}: ${item[key]}`).join('\n');
}
