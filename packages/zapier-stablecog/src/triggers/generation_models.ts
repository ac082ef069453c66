/** Hidden trigger behind the Model dropdown of Generate Image. */
import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { withZapierErrors } from '../errors';
import { stepClient } from '../client';

async function perform(z: ZObject, bundle: Bundle) {
  const models = await stepClient(z, bundle).generationModels();
  return models.map((model) => ({
    id: model.id,
    name: model.is_default ? `${model.name} (default)` : model.name,
    default_width: model.default_width,
    default_height: model.default_height,
  }));
}

export default defineTrigger({
  key: 'generation_models',
  noun: 'Model',
  display: {
    label: 'List Generation Models',
    description: 'Lists the image generation models for the Model dropdown.',
    hidden: true,
  },
  operation: { type: 'polling', perform: withZapierErrors(perform) },
});
