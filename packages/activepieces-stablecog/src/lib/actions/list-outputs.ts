/** List Outputs: your images, newest (or oldest) first, page after page up to a limit. */
import { createAction, Property } from '@activepieces/pieces-framework';
import { ASPECT_RATIO_NAMES, ASPECT_RATIO_SIZES, flattenOutput, iterateOutputs, operations, type OutputsQuery } from '@stablecog/client';
import { stablecogAuth } from '../auth';
import { runtimeFor } from '../common/client';
import { withPieceErrors, type FieldLabels } from '../common/errors';
import { pageReader } from '../common/outputs';
import { generationModelProp } from '../common/props';

/** The largest page the API serves. */
const MAX_PER_PAGE = 300;

const props = {
  limit: Property.Number({
    displayName: 'Limit',
    description: 'How many outputs to return at most (default 50).',
    required: false,
    defaultValue: 50,
  }),
  order: Property.StaticDropdown<string, false>({
    displayName: 'Order',
    required: false,
    defaultValue: 'desc',
    options: {
      options: [
        { label: 'Newest First', value: 'desc' },
        { label: 'Oldest First', value: 'asc' },
      ],
    },
  }),
  model_id: { ...generationModelProp, displayName: 'Model', description: 'Only outputs of this model.' },
  aspect_ratio: Property.StaticDropdown<string, false>({
    displayName: 'Aspect Ratio',
    description: 'Only outputs of this aspect ratio (Stablecog’s own sizes).',
    required: false,
    options: { options: ASPECT_RATIO_NAMES.map((name) => ({ label: ASPECT_RATIO_SIZES[name].label, value: ASPECT_RATIO_SIZES[name].filter })) },
  }),
  favorites_only: Property.Checkbox({
    displayName: 'Favorites Only',
    description: 'Only outputs you marked as favorite.',
    required: false,
    defaultValue: false,
  }),
};

const LABELS: FieldLabels = {
  per_page: 'Limit',
  order: 'Order',
  model_ids: 'Model',
  aspect_ratio: 'Aspect Ratio',
  is_favorited: 'Favorites Only',
};

export const listOutputs = createAction({
  auth: stablecogAuth,
  name: 'list_outputs',
  displayName: 'List Outputs',
  description: 'Lists your generated images, newest first (free).',
  props,
  audience: 'both',
  aiMetadata: {
    description: 'List the Stablecog account’s generated images (newest first by default), with their prompts, seeds and URLs. Free and read-only.',
    idempotent: true,
  },
  async run(context) {
    return await withPieceErrors(LABELS, async () => {
      const { limit, order, model_id, aspect_ratio, favorites_only } = context.propsValue;
      const max = limit ?? 50;
      const query: OutputsQuery = {
        // A bad Limit (0, -1, 2.5, NaN) is refused by the core's per_page check, named "Limit".
        per_page: Number.isFinite(max) && max > MAX_PER_PAGE ? MAX_PER_PAGE : max,
        order: (order ?? 'desc') as OutputsQuery['order'],
        ...(model_id ? { model_ids: [model_id] } : {}),
        ...(aspect_ratio ? { aspect_ratio: [aspect_ratio] } : {}),
        ...(favorites_only ? { is_favorited: true } : {}),
      };
      operations.listOutputs.build(query); // validates now: nothing is sent for bad input
      const outputs = [];
      for await (const output of iterateOutputs(pageReader(runtimeFor(context.auth)), query)) {
        outputs.push(flattenOutput(output));
        if (outputs.length >= max) break;
      }
      return { outputs, count: outputs.length };
    });
  },
});
