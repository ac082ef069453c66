/** What an upscale takes (an output id, an image URL or bytes) and returns. */
import { z } from 'zod';
import { formString, IMAGE_URL_SCHEME, isImageUrl, MALFORMED_URL, optionalNumber, optionalString, uuid, UUID_PATTERN } from '../fields';
import { FileInputSchema } from '../upload/schema';

const upscaleModelId = formString(uuid());

/** Upscale of an existing image: an output id (uuid), an http(s) URL or an `s3://` object. */
export const UpscaleFromInputSchema = z.object({
  input: z
    .string()
    .trim()
    .min(1, { abort: true })
    .refine((input) => UUID_PATTERN.test(input) || IMAGE_URL_SCHEME.test(input), {
      error: 'must be an output id (uuid), an http(s) URL or an s3:// object',
      abort: true,
    })
    .refine((input) => UUID_PATTERN.test(input) || isImageUrl(input), { error: MALFORMED_URL }),
  model_id: upscaleModelId,
});

/** Upscale of image bytes, sent as multipart (the server stores the file, then upscales it). */
export const UpscaleFromFileSchema = z.object({ file: FileInputSchema, model_id: upscaleModelId });

/** Input of `images.upscale` (POST /v1/image/upscale/create). */
export const UpscaleInputSchema = z.union([UpscaleFromInputSchema, UpscaleFromFileSchema]);

/** What `images.upscale` accepts. */
export type UpscaleInput = z.input<typeof UpscaleInputSchema>;
/** A validated upscale input. */
export type UpscaleParams = z.output<typeof UpscaleInputSchema>;

/** One upscaled image. Use `upscaled_image_url ?? url`: for an already upscaled output, `url` is the original. */
export const UpscaledImageSchema = z.looseObject({
  id: z.string(),
  url: z.string(),
  upscaled_image_url: optionalString,
});

/** Result of `images.upscale`. */
export const UpscaleResultSchema = z.looseObject({
  outputs: z.array(UpscaledImageSchema),
  remaining_credits: optionalNumber,
  settings: z.looseObject({ model_id: optionalString, input: optionalString }).optional(),
});

/** Result of `images.upscale`. */
export type UpscaleResult = z.infer<typeof UpscaleResultSchema>;
/** One upscaled image. */
export type UpscaledImage = z.infer<typeof UpscaledImageSchema>;

/**
 * Whether this upscale cost nothing: the server answers an upscale of an output it upscaled
 * before at once and without charging, with the existing upscale as `upscaled_image_url` and the
 * original image as `url` (a paid upscale returns the same URL in both, or only `url`).
 */
export function isRepeatUpscale(result: UpscaleResult): boolean {
  const first = result.outputs[0];
  return first?.upscaled_image_url != null && first.url !== first.upscaled_image_url;
}
