/**
 * Find Outputs: your images by meaning (Stablecog's search), or by the exact prompt and seed of a
 * generate since a time. This is how the images of a generate whose answer was lost are found:
 * its error gives the prompt, seed and time to enter here.
 */
import { createAction, Property } from '@activepieces/pieces-framework';
import {
  DEFAULT_CLOCK_SKEW_MS,
  execute,
  findOutputs as findByPromptAndSeed,
  flattenOutput,
  operations,
  outputMatches,
  type Output,
} from '@stablecog/client';
import { stablecogAuth } from '../auth';
import { runtimeFor } from '../common/client';
import { invalidInput, withPieceErrors } from '../common/errors';
import { pageReader } from '../common/outputs';

/** At most this many results. */
const MAX_RESULTS = 10;
/** Without Since, a prompt or seed search looks this far back. */
const DEFAULT_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;

const props = {
  search: Property.ShortText({
    displayName: 'Search Text',
    description: 'Finds images by meaning, e.g. "lighthouse at dawn" (Stablecog’s semantic search).',
    required: false,
  }),
  prompt: Property.LongText({
    displayName: 'Prompt',
    description: 'Finds images generated from exactly this prompt (spaces and line breaks may differ).',
    required: false,
  }),
  seed: Property.Number({
    displayName: 'Seed',
    description: 'Finds images generated with this seed, e.g. the one a Generate Image step reported.',
    required: false,
  }),
  since: Property.DateTime({
    displayName: 'Since',
    description: 'Only images created at or after this time. With Prompt or Seed and no Since, the last 30 days are searched.',
    required: false,
  }),
};

export const findOutputs = createAction({
  auth: stablecogAuth,
  name: 'find_outputs',
  displayName: 'Find Outputs',
  description: 'Finds your images by meaning, or by the exact prompt and seed of a generation, newest first (free).',
  props,
  audience: 'both',
  aiMetadata: {
    description:
      'Find images already generated on Stablecog: by meaning (Search Text), or by the exact Prompt and Seed of an earlier Generate Image, since a time. Free and read-only; use it to recover the images of a generate whose answer was lost instead of generating again.',
    idempotent: true,
  },
  async run(context) {
    return await withPieceErrors({ search: 'Search Text', prompt: 'Prompt', seed: 'Seed', since: 'Since' }, async () => {
      const { search, prompt, seed, since } = context.propsValue;
      const searchText = typeof search === 'string' && search.trim() ? search.trim() : undefined;
      const promptText = typeof prompt === 'string' && prompt.trim() ? prompt : undefined;
      if (seed !== undefined && seed !== null && !(Number.isInteger(seed) && seed >= 0)) {
        throw invalidInput('Seed', `${String(seed)} is not a whole number`, 'Enter the seed a Generate Image step reported.');
      }
      const sinceMs = typeof since === 'string' && since.trim() ? Date.parse(since) : undefined;
      if (sinceMs !== undefined && Number.isNaN(sinceMs)) {
        throw invalidInput('Since', `"${since}" is not a date and time`, 'Enter a time such as 2025-01-31T14:00:00Z.');
      }
      const seedValue = seed ?? undefined;
      const identifying = promptText !== undefined || seedValue !== undefined;
      // Looking for one generation, allow for the engine's and Stablecog's clocks differing.
      const floor = sinceMs === undefined ? undefined : sinceMs - (identifying ? DEFAULT_CLOCK_SKEW_MS : 0);
      const criteria = {
        ...(promptText === undefined ? {} : { prompt: promptText }),
        ...(seedValue === undefined ? {} : { seed: seedValue }),
        ...(floor === undefined ? {} : { since: floor }),
      };
      const runtime = runtimeFor(context.auth);
      let found: Output[];
      if (searchText) {
        // Semantic search ranks by meaning; the other fields narrow its results.
        const page = await execute(operations.listOutputs, { search: searchText, per_page: 50 }, runtime);
        found = page.outputs.filter((output) => outputMatches(output, criteria));
      } else if (identifying) {
        found = await findByPromptAndSeed(pageReader(runtime), {
          ...(promptText === undefined ? {} : { prompt: promptText }),
          ...(seedValue === undefined ? {} : { seed: seedValue }),
          since: sinceMs ?? Date.now() - DEFAULT_LOOKBACK_MS,
          limit: MAX_RESULTS,
        });
      } else {
        const page = await execute(operations.listOutputs, { per_page: MAX_RESULTS, order: 'desc' }, runtime);
        found = page.outputs.filter((output) => outputMatches(output, criteria));
      }
      const outputs = found.slice(0, MAX_RESULTS).map(flattenOutput);
      return { outputs, count: outputs.length };
    });
  },
});
