/**
 * Create "Generate Image": a text prompt in, images out. Stablecog answers only when the images
 * exist, which can take longer than the 30 s Zapier gives a step; see `slow.ts` for what happens then.
 */
import { defineCreate, type Bundle, type PlainInputField, type ZObject } from 'zapier-platform-core';
import {
  ASPECT_RATIO_NAMES,
  ASPECT_RATIO_SIZES,
  chosenModel,
  generatedImages,
  OutcomeUnknownError,
  operations,
  storedPrompt,
  withInitImage,
  type GenerateInput,
  type GeneratedImageRecord,
  type GenerateResult,
  type PreparedRequest,
} from '@stablecog/client/core';
import { stepClient, type StepClient } from '../client';
import { timeBudgetMs } from '../config';
import { invalidInput, labelsOf, withZapierErrors, type FieldLabels } from '../errors';
import { imageFile, isStablecogImage, readImage } from '../files';
import { isOn, text } from '../inputs';
import { imageListFields, promptAndModelFields, promptAndModelSample } from '../outputs';
import { IF_SLOW_CHOICES, recoveryMessage, stillGenerating, type IfSlow } from '../slow';

/** The Size dropdown value that reveals the Width and Height fields. */
const CUSTOM_SIZE = 'custom';
/** Stablecog's own aspect ratios (their pixels follow the model), then a custom size. */
const SIZE_CHOICES = [
  ...ASPECT_RATIO_NAMES.map((value) => ({ value, label: ASPECT_RATIO_SIZES[value].label, sample: value })),
  { value: CUSTOM_SIZE, label: 'Custom Width and Height', sample: CUSTOM_SIZE },
];

const prompt: PlainInputField = {
  key: 'prompt',
  label: 'Prompt',
  type: 'text',
  required: true,
  helpText: 'What to draw, e.g. "a lighthouse on a cliff at dawn, oil painting". Stablecog cuts a prompt over 500 characters to its first 500 bytes.',
};
const negativePrompt: PlainInputField = {
  key: 'negative_prompt',
  label: 'Negative Prompt',
  type: 'text',
  required: false,
  helpText: 'What to keep out of the image, e.g. "blurry, text, watermark".',
};
const model: PlainInputField = {
  key: 'model_id',
  label: 'Model',
  dynamic: 'generation_models.id.name',
  required: false,
  altersDynamicFields: true,
  helpText: 'Leave empty for Stablecog’s default model.',
};
const size: PlainInputField = {
  key: 'size',
  label: 'Size',
  choices: SIZE_CHOICES,
  required: false,
  altersDynamicFields: true,
  helpText:
    'The aspect ratio, in Stablecog’s own sizes for the model (Square is 1024 × 1024 on most models), so the ' +
    'images are found by aspect ratio later. ' +
    'Pick **Custom Width and Height** to set them yourself; leave empty for the model’s native size.',
};
const numOutputs: PlainInputField = {
  key: 'num_outputs',
  label: 'Number of Images',
  type: 'integer',
  default: '1',
  required: false,
  helpText:
    '1 to 4. **Each image costs 1 credit.** More images take longer: 1 or 2 usually finish within Zapier’s time limit.',
};
const seed: PlainInputField = {
  key: 'seed',
  label: 'Seed',
  type: 'integer',
  required: false,
  helpText:
    'The same seed, prompt and settings give the same image. Leave empty for a random seed; the seed used is always ' +
    'in the result, so the images can be found again.',
};
const ifSlow: PlainInputField = {
  key: 'if_slow',
  label: 'If Stablecog Is Still Working',
  choices: IF_SLOW_CHOICES,
  default: 'halt',
  required: true,
  helpText:
    'Zapier stops every step after 30 seconds, so this step waits about 25. A slower generation still finishes on ' +
    'Stablecog (and is charged); the step then either stops the Zap or continues with a "still generating" result, ' +
    'and both tell you the seed and time to use in **Find Image Outputs**. It is never retried automatically, so ' +
    'you are never charged twice.',
};
const showAdvanced: PlainInputField = {
  key: 'show_advanced',
  label: 'Show Advanced Options',
  type: 'boolean',
  default: 'false',
  required: false,
  altersDynamicFields: true,
  helpText: 'Scheduler, guidance scale, inference steps, a starting image, and gallery submission.',
};

const width: PlainInputField = {
  key: 'width',
  label: 'Width',
  type: 'integer',
  required: true,
  helpText: '256 to 1536 pixels. Width × height can be at most 1024 × 1024 unless Inference Steps is lowered.',
};
const height: PlainInputField = {
  key: 'height',
  label: 'Height',
  type: 'integer',
  required: true,
  helpText: '256 to 1536 pixels. Width × height can be at most 1024 × 1024 unless Inference Steps is lowered.',
};

const scheduler: PlainInputField = {
  key: 'scheduler_id',
  label: 'Scheduler',
  dynamic: 'generation_schedulers.id.name',
  required: false,
  helpText: 'The sampler; the list shows the chosen model’s schedulers. Leave empty for the model’s default.',
};
const guidanceScale: PlainInputField = {
  key: 'guidance_scale',
  label: 'Guidance Scale',
  type: 'number',
  required: false,
  helpText: '1 to 30 (default 7): how closely the image follows the prompt.',
};
const inferenceSteps: PlainInputField = {
  key: 'inference_steps',
  label: 'Inference Steps',
  type: 'integer',
  required: false,
  helpText:
    'Only used for Stablecog’s size check (each model runs its own number of steps): width × height × steps must ' +
    'stay under 1024 × 1024 × 30, so a lower value such as 13 allows sizes up to 1536 × 1536.',
};
const initImage: PlainInputField = {
  key: 'init_image',
  label: 'Starting Image',
  type: 'file',
  required: false,
  helpText:
    'An image to start from (image-to-image): a file from an earlier step, or a public link to a JPEG, PNG or WebP ' +
    'image of at most 5 MiB. The app uploads it to your Stablecog account first (free).',
};
const maskImage: PlainInputField = {
  key: 'mask_image',
  label: 'Mask Image',
  type: 'file',
  required: false,
  helpText:
    'Inpainting: with a Starting Image, the areas to redraw (white) and to keep (black). A file from an earlier step, ' +
    'a public link, or an s3:// image of your account; uploaded to your Stablecog account first (free).',
};
const promptStrength: PlainInputField = {
  key: 'prompt_strength',
  label: 'Prompt Strength',
  type: 'number',
  required: false,
  helpText: '0 to 1 (default 0.5): how far the result may move away from the starting image. Used only with a starting image.',
};
const submitToGallery: PlainInputField = {
  key: 'submit_to_gallery',
  label: 'Submit to Gallery',
  type: 'boolean',
  default: 'false',
  required: false,
  helpText: 'Submit the images to Stablecog’s public gallery. Images of free accounts are always public.',
};

const ADVANCED_FIELDS = [scheduler, guidanceScale, inferenceSteps, initImage, maskImage, promptStrength, submitToGallery];

/** Field labels by API field name, so errors name fields as the form shows them. */
const LABELS: FieldLabels = {
  ...labelsOf(prompt, negativePrompt, model, size, numOutputs, seed, width, height, ...ADVANCED_FIELDS),
  aspect_ratio: size.label!,
  init_image_url: initImage.label!,
  mask_image_url: maskImage.label!,
  data: initImage.label!, // an uploaded image (the client names the upload's bytes `data`)
};

/** The form as the core's generate input, before anything is looked up or uploaded. */
function draftInput(form: Record<string, unknown>, sizeChoice: string | undefined, advanced: boolean): GenerateInput {
  const initImageUrl = advanced ? text(form.init_image) : undefined;
  return {
    prompt: text(form.prompt) ?? '',
    negative_prompt: text(form.negative_prompt),
    model_id: text(form.model_id),
    // The API's default is 2 images; the form's is 1, and every image costs a credit.
    num_outputs: text(form.num_outputs) ?? 1,
    seed: text(form.seed),
    ...(sizeChoice === CUSTOM_SIZE
      ? { width: text(form.width) ?? '', height: text(form.height) ?? '' }
      : { aspect_ratio: sizeChoice }),
    ...(advanced
      ? {
          scheduler_id: text(form.scheduler_id),
          guidance_scale: text(form.guidance_scale),
          inference_steps: text(form.inference_steps),
          init_image_url: initImageUrl,
          mask_image_url: initImageUrl ? text(form.mask_image) : undefined,
          prompt_strength: initImageUrl ? text(form.prompt_strength) : undefined,
          submit_to_gallery: text(form.submit_to_gallery),
        }
      : {}),
  } as GenerateInput;
}

/** The prepared generate with its starting image and mask uploaded to the account (free), as `s3://`. */
async function withUploads(
  z: ZObject,
  client: StepClient,
  prepared: PreparedRequest<GenerateResult>,
  timeLeft: () => number,
): Promise<PreparedRequest<GenerateResult>> {
  const body = (prepared.spec.body?.kind === 'json' ? prepared.spec.body.value : {}) as Record<string, unknown>;
  let ready = prepared;
  for (const [field, label] of [['init_image_url', initImage.label!], ['mask_image_url', maskImage.label!]] as const) {
    const url = body[field];
    if (typeof url !== 'string' || isStablecogImage(url)) continue;
    const file = await readImage(z, url, label, timeLeft());
    ready = withInitImage(ready, (await client.read(operations.upload, file, { timeoutMs: timeLeft() })).object, field);
  }
  return ready;
}

async function perform(z: ZObject, bundle: Bundle) {
  const startedAt = new Date();
  const budgetMs = timeBudgetMs();
  const deadline = startedAt.getTime() + budgetMs;
  const timeLeft = () => Math.max(deadline - Date.now(), 1);
  const form = bundle.inputData;

  const whenSlow = (text(form.if_slow) ?? 'halt') as IfSlow;
  if (!IF_SLOW_CHOICES.some((choice) => choice.value === whenSlow)) {
    throw invalidInput(z, ifSlow.label!, `"${whenSlow}" is not one of the choices`, 'Pick a choice from the dropdown.');
  }
  // The core checks everything (the model, scheduler and size against the model list too) before
  // anything is sent; then the images are uploaded (free) and the create is sent.
  const client = stepClient(z, bundle, deadline);
  const draft = draftInput(form, text(form.size), isOn(form.show_advanced));
  const prepared = await withUploads(z, client, await client.prepare(operations.generate, draft), timeLeft);
  const sent = (prepared.spec.body?.kind === 'json' ? prepared.spec.body.value : {}) as Record<string, unknown>;
  const model = chosenModel(await client.generationModels(), sent.model_id as string | undefined);
  if (deadline - Date.now() < 1_000) {
    throw new z.errors.Error(
      'Preparing the request (loading models, uploading the starting image) used up the time Zapier allows, so ' +
        'nothing was sent and no credits were used. Run the step again.',
      'out_of_time',
    );
  }
  const asked = Number(sent.num_outputs ?? 1);
  const named = { model_id: model?.id ?? null, model_name: model?.name ?? null };
  try {
    const result = await client.create(prepared);
    return completed(z, generatedImages(result, prepared), { asked, named, startedAt, left: result.remaining_credits });
  } catch (err) {
    if (!(err instanceof OutcomeUnknownError)) throw err;
    return stillGenerating(z, whenSlow, recoveryMessage(err, budgetMs), {
      ...emptyResult,
      ...named,
      prompt: storedPrompt(String(sent.prompt)),
      negative_prompt: storedPrompt(String(sent.negative_prompt ?? '')),
      seed: Number(sent.seed),
      created_at: err.startedAt.toISOString(),
    });
  }
}

/** Every declared field, empty: a "still generating" result keeps them, so mappings and Filters work. */
const emptyResult = {
  status: '',
  id: '',
  image_url: '',
  image_file: '',
  outputs: [] as Array<{ id: string; image_url: string; image_file: string }>,
  image_count: 0,
  prompt: '',
  negative_prompt: '',
  seed: null as number | null,
  model_id: null as string | null,
  model_name: null as string | null,
  scheduler_id: null as string | null,
  width: null as number | null,
  height: null as number | null,
  size: '',
  guidance_scale: null as number | null,
  inference_steps: null as number | null,
  remaining_credits: null as number | null,
  created_at: '',
  message: '',
};

/** The result: the first image at the top, every image as a line item, and the settings used. */
function completed(
  z: ZObject,
  records: GeneratedImageRecord[],
  { asked, named, startedAt, left }: { asked: number; named: object; startedAt: Date; left?: number | null },
) {
  const images = records.map((r) => ({ id: r.id, image_url: r.image_url, image_file: imageFile(z, r.image_url) }));
  // Stablecog charges every image asked for, also those its safety filter removed.
  const filtered =
    `${asked} image${asked === 1 ? ' was' : 's were'} asked for, ${images.length} ${images.length === 1 ? 'was' : 'were'} ` +
    `made (Stablecog’s safety filter removed the rest) and Stablecog charged ${asked} credits`;
  const [first] = records;
  if (!first) {
    throw new z.errors.HaltedError(
      `Stablecog’s safety filter removed every image of this generation: ${filtered} (${left ?? 'unknown'} credits ` +
        'left). Rephrase the prompt and run the step again.',
    );
  }
  const { width, height } = first;
  return {
    ...emptyResult,
    ...named,
    ...first,
    status: 'completed',
    ...images[0],
    outputs: images,
    image_count: images.length,
    prompt: storedPrompt(first.prompt),
    negative_prompt: storedPrompt(first.negative_prompt ?? ''),
    size: width && height ? `${width}x${height}` : '',
    created_at: startedAt.toISOString(),
    message: images.length < asked ? `${filtered}.` : '',
  };
}

const sampleImage = {
  id: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64',
  image_url: 'https://b.stablecog.com/5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64.jpeg',
  image_file: 'https://b.stablecog.com/5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64.jpeg',
};

export default defineCreate({
  key: 'generate_image',
  noun: 'Image',
  display: {
    label: 'Generate Image',
    description: 'Generates images from a text prompt, optionally starting from an image.',
  },
  operation: {
    inputFields: [
      prompt,
      negativePrompt,
      model,
      size,
      function customSizeFields(_z: ZObject, bundle: Bundle) {
        return text(bundle.inputData.size) === CUSTOM_SIZE ? [width, height] : [];
      },
      numOutputs,
      seed,
      ifSlow,
      showAdvanced,
      function advancedFields(_z: ZObject, bundle: Bundle) {
        return isOn(bundle.inputData.show_advanced) ? ADVANCED_FIELDS : [];
      },
    ],
    perform: withZapierErrors(perform, LABELS),
    outputFields: [
      { key: 'status', label: 'Status', type: 'string' },
      ...imageListFields({ id: 'Output ID', url: 'Image URL', file: 'Image File' }),
      { key: 'image_count', label: 'Number of Images', type: 'integer' },
      ...promptAndModelFields,
      { key: 'width', label: 'Width', type: 'integer' },
      { key: 'height', label: 'Height', type: 'integer' },
      { key: 'size', label: 'Size', type: 'string' },
      { key: 'guidance_scale', label: 'Guidance Scale', type: 'number' },
      { key: 'inference_steps', label: 'Inference Steps', type: 'integer' },
      { key: 'remaining_credits', label: 'Remaining Credits', type: 'integer' },
      { key: 'created_at', label: 'Created At', type: 'datetime' },
      { key: 'message', label: 'Message', type: 'string' },
    ],
    sample: {
      status: 'completed',
      ...sampleImage,
      outputs: [sampleImage],
      image_count: 1,
      ...promptAndModelSample,
      width: 1024,
      height: 1024,
      size: '1024x1024',
      guidance_scale: 7,
      inference_steps: 28,
      remaining_credits: 1391,
      created_at: '2025-03-14T09:26:41.118Z',
      message: '',
    },
  },
});
