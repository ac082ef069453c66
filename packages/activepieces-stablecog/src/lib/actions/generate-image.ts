/**
 * Generate Image: a prompt in, images out (as URLs and as files). Stablecog answers only when the
 * images exist; a create that may have reached Stablecog is never sent again (retry on failure is
 * off and hidden), and when its answer is lost the step says how to find the images.
 */
import { createAction, Property, type ApFile } from '@activepieces/pieces-framework';
import {
  ASPECT_RATIO_NAMES,
  ASPECT_RATIO_SIZES,
  operations,
  prepareRequest,
  sendPrepared,
  withInitImage,
  execute,
  type GenerateInput,
  type GenerateResult,
  type PreparedRequest,
  type Runtime,
} from '@stablecog/client';
import { stablecogAuth } from '../auth';
import { CREATE_TIMEOUT_MS, runtimeFor } from '../common/client';
import { CREATE_ERROR_HANDLING, invalidInput, StablecogPieceError, toPieceError, withPieceErrors, type FieldLabels } from '../common/errors';
import { withFiles } from '../common/images';
import { generationModelProp, schedulerProp } from '../common/props';

const props = {
  prompt: Property.LongText({
    displayName: 'Prompt',
    description: 'What to draw, e.g. "a lighthouse on a cliff at dawn, oil painting". Stablecog cuts a prompt over 500 characters to its first 500 bytes.',
    required: true,
  }),
  negative_prompt: Property.LongText({
    displayName: 'Negative Prompt',
    description: 'What to keep out of the image, e.g. "blurry, text, watermark".',
    required: false,
  }),
  model_id: generationModelProp,
  aspect_ratio: Property.StaticDropdown<string, false>({
    displayName: 'Aspect Ratio',
    description:
      'Stablecog’s own sizes for the chosen model (Square is 1024 × 1024 on most models). Leave empty for the model’s native size, or set Width and Height instead.',
    required: false,
    options: {
      options: ASPECT_RATIO_NAMES.map((name) => ({ label: ASPECT_RATIO_SIZES[name].label, value: name })),
    },
  }),
  width: Property.Number({
    displayName: 'Width',
    description: '256 to 1536 pixels, with Height. Width × height can be at most 1024 × 1024 unless Inference Steps is lowered.',
    required: false,
  }),
  height: Property.Number({
    displayName: 'Height',
    description: '256 to 1536 pixels, with Width.',
    required: false,
  }),
  num_outputs: Property.Number({
    displayName: 'Number of Images',
    description: '1 to 4. **Each image costs 1 credit.** More images take longer.',
    required: false,
    defaultValue: 1,
  }),
  seed: Property.Number({
    displayName: 'Seed',
    description:
      'The same seed, prompt and settings give the same image. Leave empty for a random seed; the seed used is always in the result, so the images can be found again.',
    required: false,
  }),
  scheduler_id: schedulerProp,
  guidance_scale: Property.Number({
    displayName: 'Guidance Scale',
    description: '1 to 30 (default 7): how closely the image follows the prompt.',
    required: false,
  }),
  inference_steps: Property.Number({
    displayName: 'Inference Steps',
    description:
      'Only used for Stablecog’s size check (each model runs its own number of steps): width × height × steps must stay under 1024 × 1024 × 30, so 13 allows sizes up to 1536 × 1536.',
    required: false,
  }),
  init_image: Property.File({
    displayName: 'Starting Image',
    description: 'An image to start from (image-to-image): a file from an earlier step (JPEG, PNG or WebP, at most 10 MiB). The piece uploads it to your Stablecog account first (free).',
    required: false,
  }),
  init_image_url: Property.ShortText({
    displayName: 'Starting Image URL',
    description: 'Instead of Starting Image: a public link to a JPEG, PNG or WebP image of at most 5 MiB, which Stablecog fetches itself.',
    required: false,
  }),
  prompt_strength: Property.Number({
    displayName: 'Prompt Strength',
    description: '0 to 1 (default 0.5): how far the result may move away from the starting image. Used only with a starting image.',
    required: false,
  }),
  mask_image: Property.File({
    displayName: 'Mask Image',
    description: 'For inpainting, with a starting image: a file whose white areas are redrawn (JPEG, PNG or WebP).',
    required: false,
  }),
  mask_image_url: Property.ShortText({
    displayName: 'Mask Image URL',
    description: 'Instead of Mask Image: a public link to the mask, which Stablecog fetches itself.',
    required: false,
  }),
  submit_to_gallery: Property.Checkbox({
    displayName: 'Submit to Gallery',
    description: 'Submit the images to Stablecog’s public gallery. Images of free accounts are always public.',
    required: false,
    defaultValue: false,
  }),
};

/** Display names by API field, so every message names the field as this form shows it. */
const LABELS: FieldLabels = {
  ...Object.fromEntries(Object.entries(props).map(([key, prop]) => [key, prop.displayName])),
};

/** The two ways to give each image: a file to upload, or a URL Stablecog fetches. */
const IMAGE_INPUTS = [
  { file: 'init_image', url: 'init_image_url' },
  { file: 'mask_image', url: 'mask_image_url' },
] as const;

/** The step's result: every image as URL and file, the settings used and the balance. */
export interface GeneratedImages {
  images: Awaited<ReturnType<typeof withFiles>>;
  image_count: number;
  seed: number | null;
  prompt: string;
  model_id: string | null;
  scheduler_id: string | null;
  width: number | null;
  height: number | null;
  guidance_scale: number | null;
  inference_steps: number | null;
  remaining_credits: number | null;
  started_at: string;
}

export const generateImage = createAction({
  auth: stablecogAuth,
  name: 'generate_image',
  displayName: 'Generate Image',
  description:
    'Generates images from a text prompt, optionally starting from an image. Costs 1 credit per image; testing this step generates (and charges) too.',
  props,
  errorHandlingOptions: CREATE_ERROR_HANDLING,
  audience: 'both',
  aiMetadata: {
    description:
      'Generate 1–4 images from a text prompt with Stablecog. Costs 1 credit per image (Number of Images) and is not idempotent: calling it again generates and charges new images. Blocks until the images exist (seconds to minutes). Returns image URLs, files and the seed; if the answer is lost, use Find Outputs with the prompt, seed and start time instead of calling it again.',
    idempotent: false,
  },
  async run(context) {
    return await withPieceErrors(LABELS, async () => {
      const form = context.propsValue;
      const startedAt = new Date();
      const files = IMAGE_INPUTS.map(({ file, url }) => imageFile(form[file] as ApFile | null | undefined, form[url], file, url));
      const input: GenerateInput = {
        prompt: form.prompt,
        negative_prompt: form.negative_prompt,
        model_id: form.model_id,
        aspect_ratio: form.aspect_ratio as GenerateInput['aspect_ratio'],
        width: form.width,
        height: form.height,
        // The API's default is 2 images; the form's is 1, and every image costs a credit.
        num_outputs: form.num_outputs ?? 1,
        seed: form.seed,
        scheduler_id: form.scheduler_id,
        guidance_scale: form.guidance_scale,
        inference_steps: form.inference_steps,
        init_image_url: form.init_image_url,
        prompt_strength: form.prompt_strength,
        mask_image_url: form.mask_image_url,
        submit_to_gallery: form.submit_to_gallery,
      };
      const runtime = runtimeFor(context.auth);
      // Everything is checked (the form, then the model list) before the first request that costs anything.
      let prepared = await prepareRequest(operations.generate, input, runtime, { timeoutMs: CREATE_TIMEOUT_MS });
      prepared = await uploadImages(prepared, files, runtime);
      const result = await sendPrepared(prepared, runtime);
      return await generatedImages(result, String(form.prompt), startedAt, context.files);
    });
  },
});

/** A file given for one of the images, checked now (before anything is sent). */
function imageFile(file: ApFile | null | undefined, url: unknown, fileKey: string, urlKey: string): Uint8Array | undefined {
  if (!file) return undefined;
  if (typeof url === 'string' && url.trim()) {
    throw invalidInput(LABELS[fileKey]!, `is set together with ${LABELS[urlKey]}`, 'Give the image either as a file or as a URL, not both.');
  }
  try {
    operations.upload.build({ data: file.data }); // the whole upload check (size, image type), sending nothing
    return file.data;
  } catch (error) {
    throw toPieceError(error, { data: LABELS[fileKey]! });
  }
}

/** Uploads the files (free) and puts their `s3://` objects into the prepared generate. */
async function uploadImages(
  prepared: PreparedRequest<GenerateResult>,
  [init, mask]: Array<Uint8Array | undefined>,
  runtime: Runtime,
): Promise<PreparedRequest<GenerateResult>> {
  let result = prepared;
  if (init) result = withInitImage(result, (await execute(operations.upload, { data: init }, runtime)).object);
  if (mask) result = withInitImage(result, (await execute(operations.upload, { data: mask }, runtime)).object, 'mask_image_url');
  return result;
}

async function generatedImages(
  result: GenerateResult,
  prompt: string,
  startedAt: Date,
  files: Parameters<typeof withFiles>[0],
): Promise<GeneratedImages> {
  const settings = result.settings ?? {};
  if (result.outputs.length === 0) {
    throw new StablecogPieceError(
      'content_filtered',
      'Stablecog’s safety filter removed every image of this generation. Stablecog still charged for them ' +
        `(${result.remaining_credits ?? 'unknown'} credits left). Rephrase the prompt and run the step again.`,
    );
  }
  const images = await withFiles(
    files,
    result.outputs.map((output) => ({ id: output.id, url: output.image_url ?? output.url })),
  );
  return {
    images,
    image_count: images.length,
    seed: settings.seed ?? null,
    prompt,
    model_id: settings.model_id ?? null,
    scheduler_id: settings.scheduler_id ?? null,
    width: settings.width ?? null,
    height: settings.height ?? null,
    guidance_scale: settings.guidance_scale ?? null,
    inference_steps: settings.inference_steps ?? null,
    remaining_credits: result.remaining_credits ?? null,
    started_at: startedAt.toISOString(),
  };
}
