/** Hidden trigger behind the Model dropdown of Upscale Image. */
import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { operations } from '@stablecog/client/core';
import { stepClient } from '../client';
import { withZapierErrors } from '../errors';

async function perform(z: ZObject, bundle: Bundle) {
  const models = await stepClient(z, bundle).read(operations.upscaleModels, undefined);
  return models.map((model) => ({ id: model.id, name: model.is_default ? `${model.name} (default)` : model.name }));
}

export default defineTrigger({
  key: 'upscale_models',
  noun: 'Model',
  display: {
    label: 'List Upscale Models',
    description: 'Lists the upscale models for the Model dropdown.',
    hidden: true,
  },
  operation: { type: 'polling', perform: withZapierErrors(perform) },
});
