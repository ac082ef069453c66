/**
 * Trigger "New Image Output": polls the history newest first. Zapier deduplicates by `id` (one per
 * image), so an image generated anywhere (this app, the website, the API) triggers exactly once.
 * It also feeds the Output dropdown of Upscale Image (the newest 50 images; older ones can be mapped
 * by Output ID). No paging: Zapier's cursor store for "load more" needs its servers even in tests.
 */
import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { operations } from '@stablecog/client/core';
import { stepClient } from '../client';
import { withZapierErrors } from '../errors';
import { outputItem, outputItemFields, outputItemSample } from '../outputs';

/** A regular poll: more than a busy Zap makes between two polls, one request either way. */
const POLL_SIZE = 50;
/** When Zapier fills its deduplication list it wants as many items as possible. */
const DEDUPE_SIZE = 100;
/** The Zap editor's "test trigger" shows a few. */
const SAMPLE_SIZE = 3;

function pageSize(bundle: Bundle): number {
  if (bundle.meta?.isLoadingSample) return SAMPLE_SIZE;
  if (bundle.meta?.isPopulatingDedupe) return DEDUPE_SIZE;
  const limit = Number(bundle.meta?.limit);
  return limit > 0 ? Math.min(limit, POLL_SIZE) : POLL_SIZE;
}

async function perform(z: ZObject, bundle: Bundle) {
  const page = await stepClient(z, bundle).read(operations.listOutputs, { per_page: pageSize(bundle), order: 'desc' });
  return page.outputs.map((output) => outputItem(z, output));
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
