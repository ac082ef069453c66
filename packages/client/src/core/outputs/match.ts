/**
 * Which outputs belong to a given generate: the same prompt (as the server stores it) and seed,
 * created since a time. Used to find the images of a create whose answer was lost.
 */
import type { Output } from './schema';

/**
 * The server keeps a prompt of up to this many characters whole; a longer one is cut to this many
 * bytes (shared/behavior/README.md § Prompts).
 */
const PROMPT_LIMIT = 500;

const encoder = new TextEncoder();

/**
 * Whitespace as the server's `strings.Fields` sees it (Go's `unicode.IsSpace`). JavaScript's `\s`
 * differs: it also matches U+FEFF, which the server keeps, and misses U+0085, which it folds.
 */
const SERVER_WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** A prompt as the server stores it: whitespace runs folded to one space, trimmed. */
export function normalizePrompt(prompt: string): string {
  return prompt.split(SERVER_WHITESPACE).filter(Boolean).join(' ');
}

/**
 * A prompt as the server stores it: folded, then, if longer than 500 characters, cut to its first
 * 500 bytes (a cut through a multi-byte character leaves U+FFFD, as the server's text does when read back).
 */
export function storedPrompt(prompt: string): string {
  const folded = normalizePrompt(prompt);
  if ([...folded].length <= PROMPT_LIMIT) return folded;
  return new TextDecoder().decode(encoder.encode(folded).slice(0, PROMPT_LIMIT));
}

/** Whether a stored prompt is the one that was sent (the server may have cut it at 500 bytes). */
export function promptMatches(stored: string, sent: string): boolean {
  const have = normalizePrompt(stored);
  const want = normalizePrompt(sent);
  if (have === want) return true;
  if ([...want].length <= PROMPT_LIMIT) return false;
  const kept = have.replace(/\uFFFD$/, ''); // a cut through a multi-byte character
  return kept.length > 0 && want.startsWith(kept);
}

/**
 * An output's time as the list orders it: its generation's creation (an output appears only once
 * its generation has finished, but is listed by when the generation was created).
 */
export function outputTime(output: Output): string {
  return output.generation.created_at ?? output.created_at;
}

/** {@link outputTime} in epoch milliseconds (NaN when the server sent no valid time). */
export const outputTimeMs = (output: Output): number => Date.parse(outputTime(output));

/** What {@link outputMatches} compares; every criterion given must hold. */
export interface OutputCriteria {
  /** The prompt that was sent (compared after the server's whitespace folding and 500-byte cut). */
  prompt?: string;
  seed?: number;
  /** Epoch ms: the output's generation was created at or after this (subtract any clock-skew allowance first). */
  since?: number;
}

/** Whether `output` is one of the images of the generate `criteria` describes. */
export function outputMatches(output: Output, criteria: OutputCriteria): boolean {
  const { prompt, seed, since } = criteria;
  const generation = output.generation;
  if (since !== undefined && !(outputTimeMs(output) >= since)) return false;
  if (seed !== undefined && generation.seed !== seed) return false;
  return prompt === undefined || promptMatches(generation.prompt?.text ?? '', prompt);
}
