/**
 * The `stablecog` command: generate, upscale, outputs, credits, models. Human output by default,
 * `--json` for scripts; progress and errors on standard error. Exit codes: 0 done, 1 the API or
 * network failed, 2 bad flags or input (nothing was sent).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import type { Stablecog } from '../client';
import { OutcomeUnknownError, StablecogError, ValidationError } from '../core/errors';
import { UUID_PATTERN } from '../core/fields';
import { GenerateInputSchema, type GenerateInput } from '../core/generate/schema';
import { type FileInput } from '../core/upload/schema';
import { type UpscaleInput } from '../core/upscale/schema';
import type { Output } from '../core/outputs/schema';
import { validate } from '../core/validation';
import { DEFAULT_BASE_URL } from '../transport/axios';
import { formatCredits, formatModels, formatOutputs, formatSaved } from './format';
import type { CliIo } from './io';
import { addMcpCommand } from './mcp';
import { startProgress } from './progress';
import { saveImages } from './save';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

/** A mistake in how the command was called: reported with exit code 2, nothing sent. */
class UsageError extends Error {}

const TOKEN_MISSING = 'STABLECOG_API_TOKEN is not set: create an API key at https://stablecog.com/account/api-keys and export it.';

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let json = false;
  const program = new Command('stablecog')
    .description('Generate, upscale and browse Stablecog images from the terminal.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `\nEnvironment:\n  STABLECOG_API_TOKEN  your API key (sc-…)\n  STABLECOG_API_URL    API origin (default ${DEFAULT_BASE_URL})\n`,
    );

  const client = (needsToken: boolean): Stablecog => {
    const apiToken = io.env.STABLECOG_API_TOKEN?.trim();
    if (needsToken && !apiToken) throw new UsageError(TOKEN_MISSING);
    const baseUrl = io.env.STABLECOG_API_URL?.trim() || DEFAULT_BASE_URL;
    return io.createClient({ baseUrl, ...(apiToken ? { apiToken } : {}) });
  };
  const print = (value: unknown, human: string) => io.out(json ? `${JSON.stringify(value, null, 2)}\n` : human);
  const resolveDir = (dir: string) => path.resolve(io.cwd, dir);

  program
    .command('generate')
    .description('generate images from a prompt (blocks until they exist; 1 credit per image)')
    .argument('<prompt...>', 'what to draw')
    .option('--negative <text>', 'what to keep out of the image')
    .option('-m, --model <id>', 'model id (see `stablecog models`)')
    .option('--scheduler <id>', 'scheduler id of that model')
    .option('-W, --width <px>', 'width, 256–1536')
    .option('-H, --height <px>', 'height, 256–1536')
    .option('-n, --num-outputs <n>', 'number of images, 1–4 (server default 2)')
    .option('-g, --guidance <scale>', 'guidance scale, 1–30')
    .option('--steps <n>', 'inference steps (only checked: width × height × steps ≤ 31,457,280)')
    .option('-s, --seed <n>', 'seed (random when absent; always printed)')
    .option('--init-image <image>', 'img2img source: URL, s3:// object or a local file (uploaded first)')
    .option('--prompt-strength <0-1>', 'how far to depart from the init image')
    .option('--mask-image <image>', 'inpainting mask: URL, s3:// object or a local file')
    .option('--gallery', 'submit the images to the public gallery')
    .option('-o, --out <folder>', 'download the images into this folder')
    .option('--timeout <seconds>', 'give up waiting after this long (default 600)')
    .option('--json', 'print the result as JSON')
    .action(async (words: string[], o: Record<string, string | boolean | undefined>) => {
      json = Boolean(o.json);
      const api = client(true);
      const input: GenerateInput = {
        prompt: words.join(' '),
        negative_prompt: o.negative as string | undefined,
        model_id: o.model as string | undefined,
        scheduler_id: o.scheduler as string | undefined,
        width: o.width as string | undefined,
        height: o.height as string | undefined,
        num_outputs: o.numOutputs as string | undefined,
        guidance_scale: o.guidance as string | undefined,
        inference_steps: o.steps as string | undefined,
        seed: o.seed as string | undefined,
        prompt_strength: o.promptStrength as string | undefined,
        submit_to_gallery: o.gallery === true ? true : undefined,
      };
      const params = validate(GenerateInputSchema, input, 'generate'); // before any upload or wait
      const timeoutMs = seconds(o.timeout as string | undefined);
      input.init_image_url = await imageReference(api, o.initImage as string | undefined, io);
      input.mask_image_url = await imageReference(api, o.maskImage as string | undefined, io);
      const { value: result, elapsed } = await withProgress(`Generating ${params.num_outputs ?? 'the'} image(s)…`, io, () =>
        api.images.generate(input, timeoutMs === undefined ? {} : { timeoutMs }),
      );
      const files = o.out
        ? await saveImages(result.outputs.map((img) => ({ id: img.id, url: img.image_url ?? img.url })), resolveDir(o.out as string))
        : [];
      const summary =
        `Generated ${result.outputs.length} image(s) in ${elapsed.toFixed(1)} s` +
        ` (seed ${result.settings?.seed ?? '?'}, ${result.remaining_credits ?? '?'} credits left)\n` +
        formatSaved(result.outputs.map((img) => ({ id: img.id, url: img.image_url ?? img.url })), files);
      print({ ...result, ...(files.length ? { files } : {}) }, summary);
    });

  program
    .command('upscale')
    .description('upscale an output id, an image URL, an s3:// object or a local image file (1 credit)')
    .argument('<image>', 'output id, URL, s3:// object or file path')
    .option('-m, --model <id>', 'upscale model id (see `stablecog models --upscale`)')
    .option('-o, --out <folder>', 'download the upscaled image into this folder')
    .option('--timeout <seconds>', 'give up waiting after this long (default 600)')
    .option('--json', 'print the result as JSON')
    .action(async (image: string, o: Record<string, string | boolean | undefined>) => {
      json = Boolean(o.json);
      const api = client(true);
      const timeoutMs = seconds(o.timeout as string | undefined);
      const model = o.model as string | undefined;
      const input: UpscaleInput = isRemote(image)
        ? { input: image, model_id: model }
        : { file: await readImage(image, io), model_id: model };
      const { value: result, elapsed } = await withProgress('Upscaling…', io, () =>
        api.images.upscale(input, timeoutMs === undefined ? {} : { timeoutMs }),
      );
      const images = result.outputs.map((img) => ({ id: img.id, url: img.upscaled_image_url ?? img.url }));
      const files = o.out ? await saveImages(images, resolveDir(o.out as string)) : [];
      const summary =
        `Upscaled in ${elapsed.toFixed(1)} s (${result.remaining_credits ?? '?'} credits left)\n` + formatSaved(images, files);
      print({ ...result, ...(files.length ? { files } : {}) }, summary);
    });

  program
    .command('outputs')
    .description('list your outputs, newest first; with --since, find the outputs of a lost generate')
    .option('--per-page <n>', 'outputs per page, 1–300')
    .option('--cursor <next>', 'the `next` value printed by the previous page')
    .option('--all', 'follow every page')
    .option('--limit <n>', 'stop after this many outputs')
    .option('--prompt <text>', 'with --since: the prompt of the lost generate')
    .option('--seed <n>', 'with --since: its seed')
    .option('--since <time>', 'find mode: outputs created since this time (ISO 8601)')
    .option('--json', 'print the outputs as JSON')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      json = Boolean(o.json);
      const api = client(true);
      const limit = count(o.limit as string | undefined, '--limit');
      if (o.since !== undefined) {
        const found = await api.outputs.find({
          since: o.since as string,
          prompt: o.prompt as string | undefined,
          seed: o.seed as string | undefined,
          ...(limit === undefined ? {} : { limit }),
        });
        print(found, found.length ? formatOutputs(found) : 'No matching outputs (yet). A lost generate can take a few minutes to appear.\n');
        return;
      }
      if (o.prompt !== undefined || o.seed !== undefined) throw new UsageError('--prompt and --seed need --since (the time the lost request was sent).');
      const query = { per_page: o.perPage as string | undefined, cursor: o.cursor as string | undefined };
      if (o.all || limit !== undefined) {
        const outputs: Output[] = [];
        for await (const output of api.outputs.iterate(query)) {
          outputs.push(output);
          if (limit !== undefined && outputs.length >= limit) break;
        }
        print(outputs, formatOutputs(outputs));
        return;
      }
      const page = await api.outputs.list(query);
      const more = page.next === undefined || page.next === null ? '' : `More: stablecog outputs --cursor '${page.next}'\n`;
      print(page, formatOutputs(page.outputs) + more);
    });

  program
    .command('credits')
    .description('show the credit balance')
    .option('--json', 'print the balance as JSON')
    .action(async (o: { json?: boolean }) => {
      json = Boolean(o.json);
      const balance = await client(true).credits.get();
      print(balance, formatCredits(balance));
    });

  program
    .command('models')
    .description('list the generation models and their schedulers (no token needed)')
    .option('--upscale', 'list the upscale models instead')
    .option('--json', 'print the models as JSON')
    .action(async (o: { json?: boolean; upscale?: boolean }) => {
      json = Boolean(o.json);
      const api = client(false);
      const models = o.upscale ? await api.models.upscale() : await api.models.generation();
      print(models, formatModels(models));
    });

  addMcpCommand(program, io, client);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return report(err, io, json);
  }
}

/** Prints an error (what happened, how to fix it) and picks the exit code. */
function report(err: unknown, io: CliIo, json: boolean): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander already printed it
  const usage = err instanceof UsageError || (err instanceof ValidationError && err.status === undefined);
  if (err instanceof StablecogError) {
    let text = `Error: ${err.message}\nHint: ${err.hint}\n`;
    if (err instanceof OutcomeUnknownError && err.seed !== undefined) {
      text +=
        `Find it later: stablecog outputs --since ${err.startedAt.toISOString()} --seed ${err.seed}` +
        (err.prompt ? ` --prompt ${JSON.stringify(err.prompt)}` : '') +
        '\n';
    }
    io.err(text);
    if (json) io.out(`${JSON.stringify({ error: err.toJSON() }, null, 2)}\n`);
  } else {
    io.err(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  return usage ? 2 : 1;
}

/** Runs a blocking call while showing progress; returns its value and the seconds it took. */
async function withProgress<T>(label: string, io: CliIo, call: () => Promise<T>): Promise<{ value: T; elapsed: number }> {
  const progress = startProgress(label, io.err, io.errIsTTY);
  try {
    const value = await call();
    return { value, elapsed: progress.stop() };
  } catch (err) {
    progress.stop();
    throw err;
  }
}

/** `--timeout` in seconds → milliseconds. */
function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--timeout must be a number of seconds (got "${value}").`);
  return Math.round(n * 1000);
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number of at least 1 (got "${value}").`);
  return n;
}

const isRemote = (value: string): boolean => /^(https?|s3):\/\//i.test(value) || UUID_PATTERN.test(value);

/** A local image file as upload input; a clear usage error when it cannot be read. */
async function readImage(file: string, io: CliIo): Promise<FileInput> {
  const fullPath = path.resolve(io.cwd, file);
  try {
    return { data: await readFile(fullPath), filename: path.basename(fullPath) };
  } catch {
    throw new UsageError(`"${file}" is not an output id, a URL, an s3:// object or a readable file.`);
  }
}

/** A URL or s3:// object as is; a local file is uploaded first and its s3:// object returned. */
async function imageReference(api: Stablecog, value: string | undefined, io: CliIo): Promise<string | undefined> {
  if (value === undefined || /^(https?|s3):\/\//i.test(value)) return value;
  const { object } = await api.images.upload(await readImage(value, io));
  return object;
}
