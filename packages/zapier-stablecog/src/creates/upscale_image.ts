/**
 * Create "Upscale Image": one of the user's outputs (picked in a dropdown or mapped), a Stablecog
 * image link, or any image file or link, enlarged by an upscale model.
 */
import { defineCreate, type Bundle, type PlainInputField, type ZObject } from 'zapier-platform-core';
import {
  isRepeatUpscale,
  OutcomeUnknownError,
  operations,
  upscaledImages,
  UUID_PATTERN,
  type UpscaleInput,
  type UpscaledImageRecord,
} from '@stablecog/client/core';
import { stepClient } from '../client';
import { timeBudgetMs } from '../config';
import { invalidInput, withZapierErrors, type FieldLabels } from '../errors';
import { imageFile, isStablecogImage, readImage } from '../files';
import { text } from '../inputs';
import { imageListFields } from '../outputs';
import { recoveryMessage } from '../slow';

const outputId: PlainInputField = {
  key: 'output_id',
  label: 'Output',
  dynamic: 'new_image_output.id.prompt',
  required: false,
  helpText:
    'One of your Stablecog images (the dropdown lists the newest by prompt), or map an Output ID from an earlier ' +
    'step. Upscaling an image that was upscaled before is free and returns the same result. Leave empty to use Image.',
};
const image: PlainInputField = {
  key: 'image',
  label: 'Image',
  type: 'file',
  required: false,
  helpText:
    'A file from an earlier step, or a public link to a JPEG, PNG or WebP image of at most 1024 × 1024 pixels and ' +
    '10 MiB. Used when Output is empty.',
};
const model: PlainInputField = {
  key: 'model_id',
  label: 'Model',
  dynamic: 'upscale_models.id.name',
  required: false,
  helpText: 'Leave empty for Stablecog’s default upscale model.',
};

/** The image to upscale is named by the field the user filled in. */
const labels = (bundle: Bundle): FieldLabels => ({
  input: text(bundle.inputData.output_id) ? outputId.label! : image.label!,
  file: image.label!,
  model_id: model.label!,
});

async function perform(z: ZObject, bundle: Bundle) {
  const startedAt = new Date();
  const deadline = startedAt.getTime() + timeBudgetMs();
  const timeLeft = () => Math.max(deadline - Date.now(), 1);
  const budgetMs = deadline - startedAt.getTime();
  const chosenOutput = text(bundle.inputData.output_id);
  const imageUrl = text(bundle.inputData.image);
  const modelId = text(bundle.inputData.model_id);

  if (chosenOutput && imageUrl) {
    throw invalidInput(z, 'Output and Image', 'both are set', 'Fill in only one of them: the image to upscale.');
  }
  if (!chosenOutput && !imageUrl) {
    throw invalidInput(z, 'Output or Image', 'neither is set', 'Pick one of your images in Output, or map an image file or link in Image.');
  }
  if (chosenOutput && !UUID_PATTERN.test(chosenOutput)) {
    throw invalidInput(z, outputId.label!, `"${chosenOutput.slice(0, 80)}" is not an output ID`, 'Pick an image from the dropdown, or map the Output ID of a Stablecog step.');
  }
  // The core refuses a model that is no id, naming the field (labels below).
  const client = stepClient(z, bundle, deadline);
  const source = chosenOutput ?? imageUrl!;
  const input: UpscaleInput =
    chosenOutput || isStablecogImage(source)
      ? { input: source, model_id: modelId }
      : { file: await readImage(z, source, image.label!, timeLeft()), model_id: modelId };
  try {
    const prepared = await client.prepare(operations.upscale, input);
    const result = await client.create(prepared);
    return upscaledImage(z, upscaledImages(result, prepared), { source, startedAt, free: isRepeatUpscale(result) });
  } catch (err) {
    if (err instanceof OutcomeUnknownError) throw new z.errors.HaltedError(recoveryMessage(err, budgetMs));
    throw err;
  }
}

/** The result: the upscaled image, as a link and a file; `free` when it is an earlier upscale of this output. */
function upscaledImage(z: ZObject, records: UpscaledImageRecord[], { source, startedAt, free }: { source: string; startedAt: Date; free: boolean }) {
  const images = records.map((r) => ({ id: r.id, image_url: r.upscaled_image_url, image_file: imageFile(z, r.upscaled_image_url) }));
  const [first] = images;
  if (!first) {
    throw new z.errors.Error('Stablecog finished the upscale but returned no image. Try again in a few minutes.', 'no_image');
  }
  return {
    ...first,
    outputs: images,
    source: source.startsWith('http') ? source.split('?')[0] : source,
    model_id: records[0]!.model_id,
    remaining_credits: records[0]!.remaining_credits,
    created_at: startedAt.toISOString(),
    message: free ? REPEAT_MESSAGE : '',
  };
}

/** Said when Stablecog returned an earlier upscale of the output instead of charging again. */
const REPEAT_MESSAGE = 'This output was upscaled before, so this cost nothing: here is the existing upscale.';

const sampleImage = {
  id: '9b4f6d21-0c8e-4a7b-b3d5-e2f1a0c9d847',
  image_url: 'https://b.stablecog.com/9b4f6d21-0c8e-4a7b-b3d5-e2f1a0c9d847.jpeg',
  image_file: 'https://b.stablecog.com/9b4f6d21-0c8e-4a7b-b3d5-e2f1a0c9d847.jpeg',
};

export default defineCreate({
  key: 'upscale_image',
  noun: 'Image',
  display: {
    label: 'Upscale Image',
    description: 'Upscales one of your images, or any image file or link, to a higher resolution.',
  },
  operation: {
    inputFields: [outputId, image, model],
    perform: withZapierErrors(perform, labels),
    outputFields: [
      ...imageListFields({ id: 'Upscale ID', url: 'Upscaled Image URL', file: 'Upscaled Image File' }),
      { key: 'source', label: 'Source', type: 'string' },
      { key: 'model_id', label: 'Model ID', type: 'string' },
      { key: 'remaining_credits', label: 'Remaining Credits', type: 'integer' },
      { key: 'created_at', label: 'Created At', type: 'datetime' },
      { key: 'message', label: 'Message', type: 'string' },
    ],
    sample: {
      ...sampleImage,
      outputs: [sampleImage],
      source: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64',
      model_id: '14c9c5a4-d3e5-4a1b-9c2f-6f5a8e1b7d30',
      remaining_credits: 1390,
      created_at: '2025-03-14T09:31:07.402Z',
      message: '',
    },
  },
});
