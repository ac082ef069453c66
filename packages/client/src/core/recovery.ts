/**
 * Finding the images of a create whose answer was lost: the server finished it anyway, so its
 * outputs are in the history with the prompt and seed that were sent (every generate sends a seed).
 */
import type { FindOutputsQuery } from './inputs';
import { outputMatches, outputTimeMs } from './outputs/match';
import { iterateOutputs, type ListOutputsPage } from './pagination';
import type { Output } from './results';
import { validateFindOutputsQuery } from './validators';

export { normalizePrompt, promptMatches } from './outputs/match';

/** Default allowance for the difference between the caller's clock and the server's. */
export const DEFAULT_CLOCK_SKEW_MS = 120_000;

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
    if (outputTimeMs(output) < floor) break;
    if (!outputMatches(output, { prompt, seed })) continue;
    found.push(output);
    if (limit !== undefined && found.length >= limit) break;
  }
  return found;
}
