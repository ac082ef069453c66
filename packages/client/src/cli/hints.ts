/**
 * Hints in the CLI's own terms. The core's hints speak to programmers (`outputs.find(…)`,
 * `baseUrl`, `timeoutMs`); a CLI user needs the command to run and the environment variable to
 * set, so the errors whose fix is a call or an option are worded again here from the error's data.
 */
import {
  InsufficientCreditsError,
  NetworkError,
  OutcomeUnknownError,
  PermissionError,
  QueueFullError,
  ServerTimeoutError,
  UnexpectedResponseError,
  ValidationError,
  type StablecogError,
} from '../core/errors';
import { recoveryAdvice } from '../core/kit/advice';
import { RUNS_AT_ONCE_BY_PLAN } from '../core/plans';
import { shellCommand } from './shell';

/** Where the CLI sends requests, for hints that name it. */
export interface HintContext {
  /** The API origin in use (STABLECOG_API_URL or the default). */
  apiUrl: string;
  /** The command's arguments, to print it again where running it again is safe. */
  argv: readonly string[];
}

/** Field hints whose core wording names a library call. */
const FIELD_HINTS: Record<string, string> = {
  model_id: 'Use an id from `stablecog models`, or leave out --model for the default model.',
  scheduler_id: 'Use a scheduler id listed under the model in `stablecog models`, or leave out --scheduler.',
  init_image_url: '--init-image takes an http(s) URL of a JPEG, PNG or WebP image, an s3:// object, or a local file (uploaded first).',
  mask_image_url: '--mask-image takes an http(s) URL of a JPEG, PNG or WebP image, an s3:// object, or a local file (uploaded first).',
  input: 'Pass an output id (see `stablecog outputs`), an http(s) URL of a JPEG, PNG or WebP image, an s3:// object or a local file.',
  since: 'Pass the time the lost request was sent, as printed with the error (ISO 8601, e.g. 2025-01-01T10:00:00Z).',
};

/** The flag (or argument) of each API field, for messages about input the CLI refused. */
const FLAG_OF_FIELD: Record<string, string> = {
  prompt: '<prompt>',
  negative_prompt: '--negative',
  model_id: '--model',
  scheduler_id: '--scheduler',
  width: '--width',
  height: '--height',
  num_outputs: '--num-outputs',
  guidance_scale: '--guidance',
  inference_steps: '--steps',
  seed: '--seed',
  init_image_url: '--init-image',
  prompt_strength: '--prompt-strength',
  mask_image_url: '--mask-image',
  input: '<image>',
  file: '<image>',
  per_page: '--per-page',
  cursor: '--cursor',
  model_ids: '--model',
  scheduler_ids: '--scheduler',
  aspect_ratio: '--aspect-ratio',
  gallery_status: '--gallery-status',
  search: '--search',
  order: '--order',
  since: '--since',
};

/** The message to print for `err`: input the client refused is named by the CLI's flags. */
export function cliMessage(err: StablecogError): string {
  if (!(err instanceof ValidationError) || err.status !== undefined || !err.issues.length) return err.message;
  const label = (field: string) => FLAG_OF_FIELD[field.split('.')[0]!] ?? field;
  return err.issues.map((issue) => (issue.field ? `${label(issue.field)}: ${issue.message}` : issue.message)).join('; ');
}

/** The hint to print for `err`. */
export function cliHint(err: StablecogError, ctx: HintContext): string {
  const api = `STABLECOG_API_URL (now ${ctx.apiUrl})`;
  if (err instanceof OutcomeUnknownError) return recoveryHint(err);
  if (err instanceof ServerTimeoutError && err.seed !== undefined && ctx.argv[0] === 'generate') {
    return (
      'Nothing was charged, so it is safe to run it again; with the same seed it makes the same image ' +
      `(fewer images or a smaller size finish sooner):\n  ${shellCommand(['stablecog', ...withSeed(ctx.argv, err.seed)])}`
    );
  }
  if (err instanceof UnexpectedResponseError) return `Check ${api}: it must be the Stablecog API origin, e.g. https://api.stablecog.com, with no path.`;
  if (err instanceof NetworkError) {
    if (err.kind === 'refused') return `Nothing reached the server. Check ${api} and the network connection.`;
    if (err.kind === 'timeout') return 'No answer in time. Try again in a while.';
  }
  if (err instanceof InsufficientCreditsError) {
    return 'Each generated image costs 1 credit and each upscale 1. Check the balance with `stablecog credits`, and buy credits at https://stablecog.com/pricing or wait for the free refill.';
  }
  if (err instanceof QueueFullError) {
    return `Wait for your running generations to finish, and run fewer at once (a plan runs ${RUNS_AT_ONCE_BY_PLAN}; more wait on Stablecog's side).`;
  }
  if (err instanceof PermissionError && err.status === 401) {
    return 'Use an image of this account: pass a local file (the CLI uploads it first) or an s3:// object uploaded with this token.';
  }
  if (err instanceof ValidationError && err.field && FIELD_HINTS[err.field]) return FIELD_HINTS[err.field]!;
  return err.hint;
}

/** What to do after a create whose answer was lost: the core's advice, as the free CLI command to run. */
function recoveryHint(err: OutcomeUnknownError): string {
  const advice = recoveryAdvice({ ...err, operation: err.operation ?? 'generate' }); // always set on a lost create
  switch (advice.kind) {
    case 'find_generation': {
      const find = ['stablecog', 'outputs', 'find', '--since', advice.since.toISOString()];
      if (advice.seed !== undefined) find.push('--seed', String(advice.seed));
      if (advice.prompt) find.push('--prompt', advice.prompt);
      return (
        'Do not run the same command again: that can charge twice. The server finishes the job anyway; ' +
        `in a minute or two find its images (free) with:\n  ${shellCommand(find)}`
      );
    }
    case 'see_upscaled_output':
      return (
        'Do not run it again while it may still run: that can charge twice. In a few minutes, download the ' +
        `upscaled image (free) with:\n  ${shellCommand(['stablecog', 'download', '--upscaled', advice.outputId])}\n` +
        'Once the output is upscaled, upscaling it again is free.'
      );
    case 'check_credits':
      return (
        'Do not run it again: that can charge twice. The server finishes the upscale anyway, but the API has no ' +
        'list of upscales to find it in; check the balance with `stablecog credits` before trying again.'
      );
  }
}

/** `argv` with its seed option (if any) replaced by `--seed <seed>`. */
function withSeed(argv: readonly string[], seed: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg === '-s' || arg === '--seed') i++; // and its value
    else if (!/^(--seed=|-s.)/.test(arg)) out.push(arg);
  }
  const end = out.indexOf('--');
  out.splice(end === -1 ? out.length : end, 0, '--seed', String(seed));
  return out;
}
