/**
 * Trigger "New Image Output": polls the history newest first. Zapier deduplicates by `id` (one per
 * image), so an image generated anywhere (this app, the website, the API) triggers exactly once.
 * Each poll pages through the newest images, up to the 100 Zapier takes from one poll, so a burst
 * bigger than one page of the API still triggers every image; an image that finished late (listed
 * below newer ones) is within them too. Zapier's own cursor store is not used: it needs its
 * servers, so the state of the core's cursor (`findNewOutputs`) has nowhere to live here.
 * It also feeds the Output dropdown of Upscale Image.
 */
import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { collectOutputs, POLL_PAGE_SIZE } from '@stablecog/client/core';
import { stepClient } from '../client';
import { withZapierErrors } from '../errors';
import { outputItem, outputItemFields, outputItemSample } from '../outputs';

/** The most items Zapier takes from one poll (it deduplicates them by id). */
const POLL_LIMIT = 100;
/** The Zap editor's "test trigger" shows a few. */
const SAMPLE_SIZE = 3;

function itemLimit(bundle: Bundle): number {
  if (bundle.meta?.isLoadingSample) return SAMPLE_SIZE;
  const limit = Number(bundle.meta?.limit);
  return limit > 0 ? Math.min(limit, POLL_LIMIT) : POLL_LIMIT;
}

async function perform(z: ZObject, bundle: Bundle) {
  const client = stepClient(z, bundle);
  const limit = itemLimit(bundle);
  const outputs = await collectOutputs(client.listPage, { per_page: Math.min(limit, POLL_PAGE_SIZE), order: 'desc' }, limit);
  const models = outputs.length ? await client.generationModels() : [];
  return outputs.map((output) => outputItem(z, output, models));
}
export default defineTrigger({
  key: 'new_image_output',
  noun: 'Image',
  display: {
    label: 'New Image Output',
    description: 'Triggers when a new image appears in your image history.',
  },
  operation: {
    type: 'polling',
    perform: withZapierErrors(perform),
    outputFields: [...outputItemFields],
    sample: outputItemSample,
  },
});
