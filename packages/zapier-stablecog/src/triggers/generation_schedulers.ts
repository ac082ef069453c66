/** Hidden trigger behind the Scheduler dropdown: the schedulers of the model picked above it. */
import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { withZapierErrors } from '../errors';
import { idOrUndefined } from '../inputs';
import { chosenModel } from '@stablecog/client/core';
import { stepClient } from '../client';

async function perform(z: ZObject, bundle: Bundle) {
  // Dropdown triggers see the action's other fields in inputData.
  const model = chosenModel(await stepClient(z, bundle).generationModels(), idOrUndefined(bundle.inputData.model_id));
  return (model?.available_schedulers ?? []).map((scheduler) => ({ id: scheduler.id, name: scheduler.name }));
}

export default defineTrigger({
  key: 'generation_schedulers',
  noun: 'Scheduler',
  display: {
    label: 'List Schedulers',
    description: 'Lists the schedulers of the chosen model for the Scheduler dropdown.',
    hidden: true,
  },
  operation: { type: 'polling', perform: withZapierErrors(perform) },
});
