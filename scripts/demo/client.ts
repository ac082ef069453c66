/**
 * Demo step "client": the typed client on its own. Generates two images, upscales one, lists the
 * history, and writes the JPEGs (downloaded from the image CDN, without the token) into the folder.
 */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { downloadImage, Stablecog } from '@stablecog/client';
import type { DemoContext } from './context';

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Downloads an image URL into the demo folder; returns the file path. */
async function save(url: string, outDir: string, name: string): Promise<string> {
  const { data } = await downloadImage(url);
  const file = path.join(outDir, name);
  await writeFile(file, data);
  return file;
}

export async function run(ctx: DemoContext): Promise<void> {
  const client = new Stablecog({ apiToken: ctx.token, baseUrl: ctx.apiUrl });
  const { total_remaining_credits: credits } = await client.credits.get();
  const [model] = (await client.models.generation()).filter((m) => m.is_default);
  console.log(`Account has ${credits} credits; default model: ${model?.name ?? 'unknown'}`);

  const prompt = 'a lighthouse on a cliff at dawn, oil painting';
  console.log(`Generating 2 images of "${prompt}" (the request blocks until they exist)…`);
  let started = Date.now();
  const generated = await client.images.generate({ prompt, num_outputs: 2, width: 768, height: 512 });
  console.log(
    `  done in ${seconds(started)}: seed ${generated.settings?.seed}, ${generated.remaining_credits} credits left`,
  );
  for (const [i, image] of generated.outputs.entries()) {
    const file = await save(image.image_url ?? image.url, ctx.outDir, `client-generate-${i + 1}.jpeg`);
    console.log(`  image ${image.id} -> ${path.relative(process.cwd(), file)}`);
  }

  const first = generated.outputs[0];
  if (first) {
    console.log(`Upscaling output ${first.id}…`);
    started = Date.now();
    const upscaled = await client.images.upscale({ input: first.id });
    const image = upscaled.outputs[0];
    if (image) {
      const file = await save(image.upscaled_image_url ?? image.url, ctx.outDir, 'client-upscale.jpeg');
      console.log(`  done in ${seconds(started)}, ${upscaled.remaining_credits} credits left -> ${path.relative(process.cwd(), file)}`);
    }
  }

  const page = await client.outputs.list({ per_page: 10 });
  console.log(`History (${page.total ?? page.outputs.length} outputs, newest first):`);
  for (const output of page.outputs) {
    const upscaled = output.upscaled_image_url ? ' (upscaled)' : '';
    console.log(`  ${output.created_at}  ${output.id}  seed ${output.generation.seed}  "${output.generation.prompt?.text}"${upscaled}`);
  }
}
