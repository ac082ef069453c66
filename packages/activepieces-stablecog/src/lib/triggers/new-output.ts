/**
 * New Output: fires once for every new image in your Stablecog history. pieces-common's polling
 * helper runs the hooks (LAST_ITEM strategy), but which outputs are new is decided by the client
 * core's cursor: the helper's own strategies compare with the newest item seen, and a slow
 * generation is listed below outputs already seen (by its start time), so they would miss it. The
 * cursor looks back a window below the newest time, remembers the ids inside it, and follows pages
 * to the end of that window, so a burst larger than a page is not lost and nothing fires twice.
 */
import { DedupeStrategy, pollingHelper, type Polling } from '@activepieces/pieces-common';
import { createTrigger, TriggerStrategy, type AppConnectionValueForAuthProperty, type Store } from '@activepieces/pieces-framework';
import { execute, findNewOutputs, flattenOutput, operations, type FlatOutput, type PollState } from '@stablecog/client';
import { stablecogAuth } from '../auth';
import { runtimeFor } from '../common/client';
import { toPieceError } from '../common/errors';
import { pageReader } from '../common/outputs';
import { generationModelProp } from '../common/props';

/** Where the cursor lives in the trigger's store (the engine keeps test and live stores apart). */
export const CURSOR_KEY = 'stablecog_new_output_cursor';
/** A poll stops fetching pages after this long; the next poll goes on where it stopped. */
const POLL_BUDGET_MS = 45_000;

const props = {
  model_id: { ...generationModelProp, displayName: 'Model', description: 'Only outputs of this model. Leave empty for every output.' },
};

type Auth = AppConnectionValueForAuthProperty<typeof stablecogAuth>;
type Props = { model_id?: string | undefined };

/** The core cursor as the helper's item source: only new outputs, newest first, each with its id. */
const polling: Polling<Auth, Props> = {
  strategy: DedupeStrategy.LAST_ITEM,
  items: async ({ auth, propsValue, store }) => {
    try {
      const state = (await store.get<PollState>(CURSOR_KEY)) ?? {};
      const { fresh, state: next } = await findNewOutputs(pageReader(runtimeFor(auth)), state, {
        query: propsValue.model_id ? { model_ids: [propsValue.model_id] } : {},
        deadline: Date.now() + POLL_BUDGET_MS,
      });
      await store.put(CURSOR_KEY, next);
      return fresh.reverse().map((output) => ({ id: output.id, data: flattenOutput(output) }));
    } catch (error) {
      throw toPieceError(error);
    }
  },
};

const sample: FlatOutput = {
  id: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64',
  image_url: 'https://b.stablecog.com/5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64.jpeg',
  upscaled_image_url: null,
  created_at: '2025-03-14T09:26:41.118Z',
  generation_id: '0c3b2a19-6d4e-4f8a-9b7c-1e2d3f4a5b6c',
  prompt: 'a lighthouse on a cliff at dawn, oil painting',
  negative_prompt: 'blurry, text, watermark',
  seed: 1234567890,
  width: 1024,
  height: 1024,
  model_id: '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b',
  scheduler_id: '6fb13b76-9900-4fa4-abf8-8f843e034a7f',
  guidance_scale: 7,
  inference_steps: 28,
  gallery_status: 'not_submitted',
  is_favorited: false,
  is_public: false,
};

export const newOutput = createTrigger({
  auth: stablecogAuth,
  name: 'new_output',
  displayName: 'New Output',
  description: 'Fires for every new image in your Stablecog history, including images generated outside this flow.',
  props,
  type: TriggerStrategy.POLLING,
  sampleData: sample,
  aiMetadata: { description: 'Fires once per new generated image of the Stablecog account (free, read-only).' },
  async onEnable(context) {
    // The first poll only records what exists: enabling never fires for old images.
    await context.store.delete(CURSOR_KEY);
    await pollingHelper.onEnable(polling, { auth: context.auth, store: context.store, propsValue: context.propsValue });
  },
  async onDisable(context) {
    await context.store.delete(CURSOR_KEY);
  },
  async run(context) {
    return await pollingHelper.poll(polling, { auth: context.auth, store: context.store, propsValue: context.propsValue, files: context.files });
  },
  async test(context) {
    // The newest few, without touching the cursor (a test must not change what the live trigger sees).
    try {
      const page = await execute(operations.listOutputs, { per_page: 5, order: 'desc', ...(context.propsValue.model_id ? { model_ids: [context.propsValue.model_id] } : {}) }, runtimeFor(context.auth));
      return page.outputs.map(flattenOutput);
    } catch (error) {
      throw toPieceError(error);
    }
  },
});

export type { Store };
