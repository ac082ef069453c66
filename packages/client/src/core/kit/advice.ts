/**
 * What to do after a create whose answer was lost (OutcomeUnknownError): as data, so each front
 * end words it in its own terms (the client's hint, an n8n description, a Zapier message).
 */
import type { OperationName } from '../http/request';
import { UUID_PATTERN } from '../fields';

/**
 * How to recover the result of a lost create, with the values to use:
 * - `find_generation`: the server finishes a generate anyway; find its images in the outputs by
 *   prompt and seed, created since `since` (e.g. `outputs.find`, Output → Get Many, Find Image Outputs).
 * - `see_upscaled_output`: an upscale of output `outputId`; its result appears as that output's
 *   `upscaled_image_url`, and upscaling it again is then free.
 * - `check_credits`: an upscale of a URL or file, which no list shows: check the balance before retrying.
 */
export type RecoveryAdvice =
  | { kind: 'find_generation'; prompt: string; seed?: number; since: Date }
  | { kind: 'see_upscaled_output'; outputId: string; since: Date }
  | { kind: 'check_credits'; since: Date };

/** What is known about a lost create (an OutcomeUnknownError has all of it). */
export interface LostCreate {
  /** `generate` or `upscale` (anything but a generate is advised as an upscale). */
  operation?: OperationName;
  startedAt: Date;
  prompt?: string;
  seed?: number;
  /** The upscale input: an output id, a URL or an `s3://` object. */
  input?: string;
}

/** How to recover the result of `lost` (never by sending it again: that may charge twice). */
export function recoveryAdvice(lost: LostCreate): RecoveryAdvice {
  const since = lost.startedAt;
  if (lost.operation === 'generate') {
    return { kind: 'find_generation', prompt: lost.prompt ?? '', ...(lost.seed === undefined ? {} : { seed: lost.seed }), since };
  }
  if (lost.input && UUID_PATTERN.test(lost.input)) return { kind: 'see_upscaled_output', outputId: lost.input, since };
  return { kind: 'check_credits', since };
}

/** A front end's sentence for each way to recover; `{prompt}`, `{seed}`, `{since}` (ISO) and `{output}` are filled in. */
export type RecoveryPhrases = Record<RecoveryAdvice['kind'], string>;

/** Fills the `{name}` placeholders of a front end's sentence from `values` ("unknown" when missing). */
export function fillIn(template: string, values: Readonly<Record<string, string | number | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? 'unknown'));
}

/** The sentence of `phrases` that says how to recover `lost`, filled in. */
export function recoveryText(lost: LostCreate, phrases: RecoveryPhrases): string {
  const advice = recoveryAdvice(lost);
  return fillIn(phrases[advice.kind], {
    prompt: lost.prompt ?? '',
    seed: lost.seed,
    since: advice.since.toISOString(),
    output: lost.input,
  });
}

/** "Stablecog may have made and charged this generation, but its answer was lost: <why>". */
export function lostCreateMessage(lost: LostCreate, why: string): string {
  return `Stablecog may have made and charged this ${lost.operation === 'generate' ? 'generation' : 'upscale'}, but its answer was lost: ${why}`;
}
