/**
 * Search "Find Image Outputs": by meaning (Stablecog's semantic search), or by the exact prompt and
 * seed of a generate, since a time. This is how the images of a generate that outlived Zapier's
 * time limit are found: its message gives the prompt, seed and time to enter here.
 */
import { defineSearch, type Bundle, type PlainInputField, type ZObject } from 'zapier-platform-core';
import { DEFAULT_CLOCK_SKEW_MS, operations, outputMatches, type Output } from '@stablecog/client/core';
import { stepClient } from '../client';
import { invalidInput, labelsOf, withZapierErrors } from '../errors';
import { text } from '../inputs';
import { outputItem, outputItemFields, outputItemSample } from '../outputs';

/** At most this many results (Zapier uses the first; the rest are there for line items). */
const MAX_RESULTS = 10;
/** Without Since, a prompt or seed search looks this far back. */
const DEFAULT_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;

const search: PlainInputField = {
  key: 'search',
  label: 'Search Text',
  type: 'string',
  required: false,
  helpText: 'Finds images by meaning, e.g. "lighthouse at dawn" (Stablecog’s semantic search).',
};
const prompt: PlainInputField = {
  key: 'prompt',
  label: 'Prompt',
  type: 'text',
  required: false,
  helpText: 'Finds images generated from exactly this prompt (spaces and line breaks may differ).',
};
const seed: PlainInputField = {
  key: 'seed',
  label: 'Seed',
  type: 'integer',
  required: false,
  helpText: 'Finds images generated with this seed, e.g. the one a Generate Image step reported.',
};
const since: PlainInputField = {
  key: 'since',
  label: 'Since',
  type: 'datetime',
  required: false,
  helpText: 'Only images created at or after this time. With Prompt or Seed and no Since, the last 30 days are searched.',
};

const LABELS = labelsOf(search, prompt, seed, since);

async function perform(z: ZObject, bundle: Bundle) {
  const form = bundle.inputData;
  const searchText = text(form.search);
  const promptText = text(form.prompt);
  const seedText = text(form.seed);
  const sinceText = text(form.since);
  const seedValue = seedText === undefined ? undefined : Number(seedText);
  if (seedValue !== undefined && !(Number.isInteger(seedValue) && seedValue >= 0)) {
    throw invalidInput(z, seed.label!, `"${seedText}" is not a whole number`, 'Enter the seed a Generate Image step reported.');
  }
  const sinceMs = sinceText === undefined ? undefined : Date.parse(sinceText);
  if (sinceMs !== undefined && Number.isNaN(sinceMs)) {
    throw invalidInput(z, since.label!, `"${sinceText}" is not a date and time`, 'Enter a time such as 2025-01-31T14:00:00Z.');
  }

  // Looking for one generation by prompt or seed, allow for Zapier's and Stablecog's clocks differing.
  const identifying = promptText !== undefined || seedValue !== undefined;
  const floor = sinceMs === undefined ? undefined : sinceMs - (identifying ? DEFAULT_CLOCK_SKEW_MS : 0);
  const client = stepClient(z, bundle);
  const matches = (output: Output) => outputMatches(output, { prompt: promptText, seed: seedValue, since: floor });

  let found: Output[];
  if (searchText) {
    // Semantic search ranks by meaning; the other fields narrow its results.
    const page = await client.read(operations.listOutputs, { search: searchText, per_page: 50 });
    found = page.outputs.filter(matches);
  } else if (identifying) {
    found = await client.findOutputs({
      ...(promptText === undefined ? {} : { prompt: promptText }),
      ...(seedValue === undefined ? {} : { seed: seedValue }),
      since: sinceMs ?? Date.now() - DEFAULT_LOOKBACK_MS,
      limit: MAX_RESULTS,
    });
  } else {
    const page = await client.read(operations.listOutputs, { per_page: MAX_RESULTS, order: 'desc' });
    found = page.outputs.filter(matches);
  }
  const models = found.length ? await client.generationModels() : [];
  return found.slice(0, MAX_RESULTS).map((output) => outputItem(z, output, models));
}

export default defineSearch({
  key: 'find_image_outputs',
  noun: 'Image',
  display: {
    label: 'Find Image Outputs',
    description: 'Finds your images by meaning, or by the exact prompt and seed of a generation, newest first.',
  },
  operation: {
    inputFields: [search, prompt, seed, since],
    perform: withZapierErrors(perform, LABELS),
    outputFields: [...outputItemFields],
    sample: outputItemSample,
  },
});
