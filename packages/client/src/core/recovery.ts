/**
 * Finding the images of a create whose answer was lost: the server finished it anyway, so its
 * outputs are in the history with the prompt and seed that were sent (every generate sends a seed).
 */
import type { FindOutputsQuery } from './inputs';
import { iterateOutputs, type ListOutputsPage } from './pagination';
import type { Output } from './results';
import { validateFindOutputsQuery } from './validators';

/** Default allowance for the difference between the caller's clock and the server's. */
export const DEFAULT_CLOCK_SKEW_MS = 120_000;
/** The server keeps this many bytes of a prompt. */
const PROMPT_BYTES = 500;

const encoder = new TextEncoder();

/** A prompt as the server stores it: whitespace runs folded to one space, trimmed. */
export function normalizePrompt(prompt: string): string {
  return prompt.replace(/\s+/g, ' ').trim();
}

/** Whether a stored prompt is the one that was sent (the server may have cut it at 500 bytes). */
export function promptMatches(stored: string, sent: string): boolean {
  const have = normalizePrompt(stored);
  const want = normalizePrompt(sent);
  if (have === want) return true;
  if (encoder.encode(want).byteLength <= PROMPT_BYTES) return false;
  const kept = have.replace(/\uFFFD$/, ''); // a cut through a multi-byte character
  return kept.length > 0 && want.startsWith(kept);
}

/** The time an output's generation was created (epoch ms), or NaN when unknown. */
function createdAt(output: Output): number {
  return Date.parse(output.generation.created_at ?? output.created_at);
}

/**
 * Scans the history newest first and returns the outputs whose prompt (exact, after whitespace
 * folding) and seed match, stopping at outputs older than `since` minus the clock-skew margin.
 * With neither prompt nor seed, every output since then is returned.
 */
export async function findOutputs(listPage: ListOutputsPage, criteria: FindOutputsQuery): Promise<Output[]> {
  const { prompt, seed, since, limit, clockSkewMs } = validateFindOutputsQuery(criteria);
  const floor = since - (clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS);
  const found: Output[] = [];
  for await (const output of iterateOutputs(listPage, { per_page: 100, order: 'desc' })) {
    if (createdAt(output) < floor) break;
    const generation = output.generation;
    if (seed !== undefined && generation.seed !== seed) continue;
    if (prompt !== undefined && !promptMatches(generation.prompt?.text ?? '', prompt)) continue;
    found.push(output);
    if (limit !== undefined && found.length >= limit) break;
  }
  return found;
}
