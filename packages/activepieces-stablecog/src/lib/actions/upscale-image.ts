/**
 * Upscale Image: one of your outputs (by id), an image URL, or a file, made 4× larger. 1 credit;
 * free for an output that is already upscaled. Never sent again after a failure that may have
 * reached Stablecog.
 */
import { createAction, Property, type ApFile } from '@activepieces/pieces-framework';
import { execute, isRepeatUpscale, operations, type UpscaleInput } from '@stablecog/client';
import { stablecogAuth } from '../auth';
import { CREATE_TIMEOUT_MS, runtimeFor } from '../common/client';
import { CREATE_ERROR_HANDLING, invalidInput, withPieceErrors, type FieldLabels } from '../common/errors';
import { withFiles } from '../common/images';
import { upscaleModelProp } from '../common/props';

const props = {
  image: Property.ShortText({
    displayName: 'Image',
    description:
      'The ID of one of your outputs (e.g. an "id" from Generate Image), or a public link to a JPEG, PNG or WebP image of at most 1,048,576 pixels.',
    required: false,
  }),
  image_file: Property.File({
    displayName: 'Image File',
    description: 'Instead of Image: a file from an earlier step (JPEG, PNG or WebP, at most 10 MiB).',
    required: false,
  }),
  model_id: upscaleModelProp,
};

const LABELS: FieldLabels = {
  input: props.image.displayName,
  file: props.image_file.displayName,
  data: props.image_file.displayName,
  model_id: props.model_id.displayName,
};

export const upscaleImage = createAction({
  auth: stablecogAuth,
  name: 'upscale_image',
  displayName: 'Upscale Image',
  description: 'Upscales one of your outputs, an image URL or a file. Costs 1 credit (free for an output already upscaled).',
  props,
  errorHandlingOptions: CREATE_ERROR_HANDLING,
  audience: 'both',
  aiMetadata: {
    description:
      'Upscale an image with Stablecog: give the id of one of your outputs or an image URL. Costs 1 credit (free when that output is already upscaled) and is not idempotent for URLs and files: calling it again charges again. Returns the upscaled image URL and file.',
    idempotent: false,
  },
  async run(context) {
    return await withPieceErrors(LABELS, async () => {
      const { image, image_file, model_id } = context.propsValue;
      const file = image_file as ApFile | null | undefined;
      const text = typeof image === 'string' ? image.trim() : '';
      if (file && text) throw invalidInput(LABELS.input!, `is set together with ${LABELS.file}`, 'Give either an output ID or URL, or a file, not both.');
      if (!file && !text) throw invalidInput(LABELS.input!, 'is empty', 'Enter an output ID or an image URL, or give Image File.');
      const input: UpscaleInput = file ? { file: { data: file.data, filename: file.filename }, model_id } : { input: text, model_id };
      const result = await execute(operations.upscale, input, runtimeFor(context.auth), { timeoutMs: CREATE_TIMEOUT_MS });
      const images = await withFiles(
        context.files,
        result.outputs.map((output) => ({ id: output.id, url: output.upscaled_image_url ?? output.url })),
      );
      // An output upscaled before comes back at once, uncharged: say so rather than leave it looking paid.
      const message = isRepeatUpscale(result) ? 'This output was upscaled before, so this cost nothing: here is the existing upscale.' : '';
      return { images, image_count: images.length, remaining_credits: result.remaining_credits ?? null, message };
    });
  },
});
