/**
 * The Zapier app's steps, run the way Zapier runs them (zapier-platform-core's app tester: the
 * app's real middleware, z.request and output checks) against the emulator: connect, generate,
 * upscale, trigger, find, and a generation slower than Zapier's time limit recovered by the search.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type { DemoContext } from './context';

type Item = Record<string, any>;
type AppTester = (method: unknown, bundle?: unknown) => Promise<unknown>;
/** The part of zapier-platform-core the demo uses (the app's own copy, resolved at run time). */
interface ZapierCore {
  createAppTester(app: object): AppTester;
}

// The app as Zapier loads it (index.js → dist/), with its own copy of zapier-platform-core.
const appDir = path.resolve(__dirname, '..', '..', 'packages', 'zapier-stablecog');
const appRequire = createRequire(path.join(appDir, 'package.json'));

/** Loads core and the app; as under a test runner, so core prints no memory line per step. */
function load() {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'test';
  try {
    return {
      zapier: appRequire('zapier-platform-core') as ZapierCore,
      App: appRequire('./index.js') as Record<string, any>,
      files: appRequire('./dist/files.js') as typeof import('../../packages/zapier-stablecog/src/files'),
    };
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
const { zapier, App, files } = load();

/** Runs the Zapier steps against the demo emulator and prints what each returns. */
export async function run(ctx: DemoContext): Promise<void> {
  const appTester = zapier.createAppTester(App);
  const bundle = (inputData: Record<string, unknown> = {}) => ({
    authData: { api_token: ctx.token, base_url: ctx.apiUrl },
    inputData,
  });
  /** Saves an image the way the app's file hydrator downloads it (no token to the image host). */
  const save = async (url: string, name: string): Promise<void> => {
    const base64 = (await appTester(
      async (z: any) => Buffer.from(await (await files.downloadImage(z, url)).buffer()).toString('base64'),
      bundle(),
    )) as string;
    fs.writeFileSync(path.join(ctx.outDir, name), Buffer.from(base64, 'base64'));
  };

  const credits = (await appTester(App.authentication.test, bundle())) as Item;
  const label = await appTester(App.authentication.connectionLabel, { ...bundle(), inputData: credits });
  step('Connect (authentication test)', `connection label: "${label}"`);

  const generated = (await appTester(
    App.creates.generate_image.operation.perform,
    bundle({ prompt: 'a lighthouse on a cliff at dawn, oil painting', size: '16:9', num_outputs: '2', seed: '1234' }),
  )) as Item;
  step('Generate Image', summary(generated, ['status', 'id', 'image_url', 'image_count', 'seed', 'model_name', 'size', 'remaining_credits']));
  for (const image of generated.outputs as Item[]) await save(image.image_url, `zapier-generated-${image.id}.jpeg`);

  const upscaled = (await appTester(App.creates.upscale_image.operation.perform, bundle({ output_id: generated.id }))) as Item;
  step('Upscale Image', summary(upscaled, ['id', 'image_url', 'source', 'remaining_credits']));
  await save(upscaled.image_url, `zapier-upscaled-${upscaled.id}.jpeg`);

  const polled = (await appTester(App.triggers.new_image_output.operation.perform, { ...bundle(), meta: {} })) as Item[];
  step('New Image Output (one poll)', `${polled.length} images, newest first: ${polled.map((i) => i.id.slice(0, 8)).join(', ')}`);

  const found = (await appTester(App.searches.find_image_outputs.operation.perform, bundle({ prompt: generated.prompt, seed: '1234' }))) as Item[];
  step('Find Image Outputs (prompt + seed)', found.map((i) => `${i.id}  ${i.width}x${i.height}  upscaled: ${i.upscaled_image_url ? 'yes' : 'no'}`).join('\n'));

  await slowGeneration(ctx, appTester, bundle, save);
}

/** Stablecog slower than the step's budget (shortened here to 2 s; 25 s in Zapier), then the search. */
async function slowGeneration(
  ctx: DemoContext,
  appTester: AppTester,
  bundle: (inputData?: Record<string, unknown>) => Record<string, unknown>,
  save: (url: string, name: string) => Promise<void>,
): Promise<void> {
  const latency = ctx.emulator.control.config().latencyMs;
  ctx.emulator.control.configure({ latencyMs: 6_000 });
  process.env.STABLECOG_TIME_BUDGET_MS = '2000';
  try {
    const pending = (await appTester(
      App.creates.generate_image.operation.perform,
      bundle({ prompt: 'a very slow tortoise', if_slow: 'continue' }),
    )) as Item;
    step('Generate Image, slower than the budget ("continue" chosen)', `${pending.status}: ${pending.message}`);
    const search = { prompt: pending.prompt, seed: String(pending.seed), since: pending.created_at };
    let found: Item[] = [];
    for (let attempt = 0; attempt < 20 && found.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      found = (await appTester(App.searches.find_image_outputs.operation.perform, bundle(search))) as Item[];
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
