/**
 * The `stablecog` command: generate, upscale, download, outputs, credits, models. Human output by default,
 * `--json` for scripts; progress and errors on standard error. Exit codes: 0 done, 1 the API or
 * network failed, 2 bad flags or input (nothing was sent).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import type { Stablecog } from '../client';
import { StablecogError, ValidationError } from '../core/errors';
import { UUID_PATTERN } from '../core/fields';
import { GenerateInputSchema, type GenerateInput } from '../core/generate/schema';
import type { Output, OutputsQuery } from '../core/outputs/schema';
import { type FileInput } from '../core/upload/schema';
import { isRepeatUpscale, type UpscaleInput } from '../core/upscale/schema';
import { validate } from '../core/validation';
import { DEFAULT_BASE_URL } from '../transport/axios';
import { formatCredits, formatImages, formatModels, formatOutputs, formatSaveOutcomes } from './format';
import { cliHint, cliMessage } from './hints';
import type { CliIo } from './io';
import { addMcpCommand } from './mcp';
import { startProgress } from './progress';
import { saveImages, type ImageToSave, type SaveOutcome } from './save';
import { shellCommand } from './shell';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

/** A mistake in how the command was called: reported with exit code 2, nothing sent. */
class UsageError extends Error {
  constructor(
    message: string,
    /** How to fix it, when the message alone does not say. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

const TOKEN_MISSING = 'STABLECOG_API_TOKEN is not set: create an API key at https://stablecog.com/account/api-keys and export it.';

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let json = false;
  const program = new Command('stablecog')
    .description('Generate, upscale and browse Stablecog images from the terminal.')
    .version(version)
    .exitOverride()
    .enablePositionalOptions() // `outputs find --json` is find's option, not the parent's
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
  let exitCode = 0;

  /**
   * Prints a paid result, then saves its images into `out` when asked. The result comes first and
   * whole (ids, seed, credits; every output in --json), and a failed download fails only its own
   * image: every image is attempted, and the hint fetches the missing ones again for free.
   */
  const deliver = async (result: object, images: ImageToSave[], summary: string, out: string | undefined, refetch: string[]) => {
    if (!json) io.out(summary + formatImages(images));
    if (out === undefined) {
      if (json) print(result, '');
      return;
    }
    const saved = await saveImages(images, resolveDir(out));
    print({ ...result, downloads: saved.map(savedJson) }, formatSaveOutcomes(saved));
    const failed = saved.map((s, i) => ({ ...s, again: refetch[i] ?? s.url })).filter((s) => s.error !== undefined);
    if (failed.length) {
      reportDownloadFailures(failed, out, failed.map((f) => f.again), false);
      exitCode = 1;
    }
  };

  /** Says which downloads failed and the free command that fetches them again (never a paid re-run). */
  const reportDownloadFailures = (failed: SaveOutcome[], folder: string, refs: string[], upscaled: boolean) => {
    const again = ['stablecog', 'download', ...(upscaled ? ['--upscaled'] : []), ...refs, ...(folder === '.' ? [] : ['--out', folder])];
    io.err(
      `Error: ${failed.length === 1 ? '1 image was' : `${failed.length} images were`} not saved:\n` +
        failed.map((f) => `  ${f.name}: ${errorText(f.error)}\n`).join('') +
        'Hint: Nothing is lost and nothing more is charged: the images stay in your account. Once the image host ' +
        `can be reached, download them again at no cost:\n  ${shellCommand(again)}\n`,
    );
  };

  /** The `outputs` command for the page after this one: the same filters, the new cursor. */
  const nextPageCommand = (o: Record<string, string | boolean | undefined>, next: string): string => {
    const words = ['stablecog', 'outputs'];
    for (const [flag, key] of LIST_FLAGS) {
      const value = o[key];
      if (value === true) words.push(flag);
      else if (typeof value === 'string') words.push(flag, value);
    }
    return shellCommand([...words, '--cursor', next]);
  };

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
      input.init_image_url = await imageReference(api, '--init-image', o.initImage as string | undefined, io);
      input.mask_image_url = await imageReference(api, '--mask-image', o.maskImage as string | undefined, io);
      const asked = params.num_outputs === undefined ? 'images' : plural(params.num_outputs, 'image');
      const { value: result, elapsed } = await withProgress(`Generating ${asked}…`, io, () =>
        api.images.generate(input, timeoutMs === undefined ? {} : { timeoutMs }),
      );
      const images = result.outputs.map((img) => ({ name: img.id, url: img.image_url ?? img.url }));
      const { filtered } = result;
      const summary =
        `Generated ${filtered ? `${filtered.made} of ${plural(filtered.asked, 'image')}` : plural(result.outputs.length, 'image')} in ${elapsed.toFixed(1)} s` +
        ` (seed ${result.settings?.seed ?? '?'}, ${result.remaining_credits ?? '?'} credits left)\n` +
        (filtered
          ? `Stablecog's content filter dropped ${plural(filtered.asked - filtered.made, 'image')}; ` +
            `it charges for dropped images too (${plural(filtered.charged, 'credit')} for ${plural(filtered.made, 'image')}).\n`
          : '');
      // The images are paid for and listed in the account: re-fetching them by output id is free.
      await deliver(result, images, summary, o.out as string | undefined, images.map((image) => image.name));
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
      const images = result.outputs.map((img) => ({ name: img.id, url: img.upscaled_image_url ?? img.url }));
      const summary = isRepeatUpscale(result)
        ? `Already upscaled, so this cost nothing: here is the existing upscale (${result.remaining_credits ?? '?'} credits left)\n`
        : `Upscaled in ${elapsed.toFixed(1)} s (${result.remaining_credits ?? '?'} credits left)\n`;
      // An upscale of a URL or file is not in the outputs list: its URL is what fetches it again.
      await deliver(result, images, summary, o.out as string | undefined, images.map((image) => image.url));
    });

  program
    .command('download')
    .description('download images you already have, at no cost: output ids (from generate or `outputs`) or image URLs')
    .argument('<image...>', 'output id or image URL')
    .option('--upscaled', 'for an output id: its upscaled image instead of the original')
    .option('-o, --out <folder>', 'folder to save into (default: the current folder)')
    .option('--json', 'print what was saved as JSON')
    .action(async (refs: string[], o: Record<string, string | boolean | undefined>) => {
      json = Boolean(o.json);
      const folder = (o.out as string | undefined) ?? '.';
      const bad = refs.filter((ref) => !UUID_PATTERN.test(ref) && !/^https?:\/\//i.test(ref));
      if (bad.length) throw new UsageError(`${bad.map((ref) => JSON.stringify(ref)).join(', ')}: not an output id or an http(s) image URL.`);
      const ids = refs.filter((ref) => UUID_PATTERN.test(ref));
      const byId = ids.length ? await findById(client(true), ids) : new Map<string, Output>();
      const images: ImageToSave[] = [];
      const found: string[] = []; // the ref of each image, to fetch the failed ones again
      const missing: string[] = [];
      for (const ref of refs) {
        const output = UUID_PATTERN.test(ref) ? byId.get(ref.toLowerCase()) : undefined;
        const url = UUID_PATTERN.test(ref) ? (o.upscaled ? output?.upscaled_image_url : output?.image_url) : ref;
        if (!url) {
          missing.push(ref);
          continue;
        }
        images.push({ name: UUID_PATTERN.test(ref) ? ref : nameFromUrl(ref, images.length), url });
        found.push(ref);
      }
      const saved = await saveImages(images, resolveDir(folder));
      print(saved.map(savedJson), formatSaveOutcomes(saved));
      const failed = saved.map((s, i) => ({ ...s, again: found[i]! })).filter((s) => s.error !== undefined);
      if (missing.length) {
        io.err(
          `Error: ${missing.join(', ')}: ${o.upscaled ? 'no upscaled image (not upscaled yet, or ' : '('}not an output of this account).\n` +
            `Hint: List your outputs with \`stablecog outputs\`${o.upscaled ? '; an upscale still running shows up in a few minutes' : ''}.\n`,
        );
        exitCode = 1;
      }
      if (failed.length) {
        reportDownloadFailures(failed, folder, failed.map((f) => f.again), Boolean(o.upscaled));
        exitCode = 1;
      }
    });

  const outputs = program
    .command('outputs')
    .description('list your outputs, newest first (`outputs find` finds the outputs of a lost generate)')
    .option('--per-page <n>', 'outputs per page, 1–300')
    .option('--cursor <next>', 'the `next` value printed by the previous page')
    .option('--all', 'follow every page')
    .option('--limit <n>', 'stop after this many outputs')
    .option('--search <text>', 'semantic search over your outputs (by meaning, not exact words)')
    .option('--model <ids>', 'only these generation model ids (comma-separated)')
    .option('--scheduler <ids>', 'only these scheduler ids (comma-separated)')
    .option('--aspect-ratio <ratios>', 'only these aspect ratios: 1-1, 16-9, 9-16, 2-3, 3-2, 4-5, 2_4-1 (comma-separated)')
    .option('--gallery-status <statuses>', 'only these gallery statuses: not_submitted, submitted, approved, rejected, waiting_for_approval')
    .option('--favorites', 'only favourited outputs')
    .option('--order <asc|desc>', 'desc (newest first, the default) or asc')
    .option('--json', 'print the outputs as JSON')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      json = Boolean(o.json);
      const api = client(true);
      const limit = count(o.limit as string | undefined, '--limit');
      const query: OutputsQuery = {
        per_page: o.perPage as string | undefined,
        cursor: o.cursor as string | undefined,
        search: o.search as string | undefined,
        model_ids: o.model as string | undefined,
        scheduler_ids: o.scheduler as string | undefined,
        aspect_ratio: o.aspectRatio as string | undefined,
        gallery_status: o.galleryStatus as string | undefined,
        is_favorited: o.favorites === true ? true : undefined,
        order: o.order as string | undefined,
      };
      if (o.all || limit !== undefined) {
        const found: Output[] = [];
        for await (const output of api.outputs.iterate(query)) {
          found.push(output);
          if (limit !== undefined && found.length >= limit) break;
        }
        print(found, formatOutputs(found));
        return;
      }
      const page = await api.outputs.list(query);
      print(page, formatOutputs(page.outputs) + (page.next === undefined || page.next === null ? '' : `More: ${nextPageCommand(o, String(page.next))}\n`));
    });

  outputs
    .command('find')
    .description('find the outputs of a generate whose answer was lost, by its prompt and seed')
    .requiredOption('--since <time>', 'when the lost generate was sent (ISO 8601)')
    .option('--prompt <text>', 'its prompt')
    .option('--seed <n>', 'its seed')
    .option('--limit <n>', 'stop after this many outputs')
    .option('--json', 'print the outputs as JSON')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      json = Boolean(o.json);
      const limit = count(o.limit as string | undefined, '--limit');
      const found = await client(true).outputs.find({
        since: o.since as string,
        prompt: o.prompt as string | undefined,
        seed: o.seed as string | undefined,
        ...(limit === undefined ? {} : { limit }),
      });
      const download = found.length ? `Download them (free): ${shellCommand(['stablecog', 'download', ...found.map((f) => f.id)])}\n` : '';
      print(found, found.length ? formatOutputs(found) + download : 'No matching outputs (yet). A lost generate can take a few minutes to appear.\n');
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
    return exitCode;
  } catch (err) {
    return report(err, io, json, argv);
  }
}

/** Prints an error (what happened, how to fix it, in CLI terms) and picks the exit code. */
function report(err: unknown, io: CliIo, json: boolean, argv: readonly string[]): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander already printed it
  const usage = err instanceof UsageError || (err instanceof ValidationError && err.status === undefined);
  if (err instanceof StablecogError) {
    io.err(`Error: ${cliMessage(err)}\nHint: ${cliHint(err, { apiUrl: io.env.STABLECOG_API_URL?.trim() || DEFAULT_BASE_URL, argv })}\n`);
    if (json) io.out(`${JSON.stringify({ error: err.toJSON() }, null, 2)}\n`);
  } else {
    io.err(`Error: ${err instanceof Error ? err.message : String(err)}\n${err instanceof UsageError && err.hint ? `Hint: ${err.hint}\n` : ''}`);
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

/** The flags of `outputs` that select and shape a page, as the "More:" command repeats them. */
const LIST_FLAGS: ReadonlyArray<[flag: string, key: string]> = [
  ['--per-page', 'perPage'],
  ['--search', 'search'],
  ['--model', 'model'],
  ['--scheduler', 'scheduler'],
  ['--aspect-ratio', 'aspectRatio'],
  ['--gallery-status', 'galleryStatus'],
  ['--favorites', 'favorites'],
  ['--order', 'order'],
];

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Outputs in the history whose ids are in `ids` (newest first, stopping once all are found). */
async function findById(api: Stablecog, ids: readonly string[]): Promise<Map<string, Output>> {
  const wanted = new Set(ids.map((id) => id.toLowerCase()));
  const found = new Map<string, Output>();
  for await (const output of api.outputs.iterate({ per_page: 100 })) {
    if (!wanted.has(output.id.toLowerCase())) continue;
    found.set(output.id.toLowerCase(), output);
    if (found.size === wanted.size) break;
  }
  return found;
}

/** A file name for a downloaded URL: its last path segment without the extension. */
function nameFromUrl(url: string, index: number): string {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  const name = decodeURIComponent(last).replace(/\.[A-Za-z0-9]+$/, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return name && name !== '.' && name !== '..' ? name : `image-${index + 1}`;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A download outcome for --json: the file, or the error (message and hint). */
const savedJson = (s: SaveOutcome) =>
  s.error === undefined
    ? { name: s.name, url: s.url, file: s.file }
    : { name: s.name, url: s.url, error: s.error instanceof StablecogError ? s.error.toJSON() : { message: errorText(s.error) } };

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
async function imageReference(api: Stablecog, flag: string, value: string | undefined, io: CliIo): Promise<string | undefined> {
  if (value === undefined || /^(https?|s3):\/\//i.test(value)) return value;
  try {
    const { object } = await api.images.upload(await readImage(value, io));
    return object;
  } catch (err) {
    // The upload's own field (`data`) means nothing here: the flag and the file do.
    if (err instanceof ValidationError && err.status === undefined) {
      throw new UsageError(`${flag} ${value}: ${err.issues.map((issue) => issue.message).join('; ')}`, err.hint);
    }
    throw err;
  }
}
