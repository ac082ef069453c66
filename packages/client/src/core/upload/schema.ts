/** What an upload takes (image bytes) and returns (an `s3://` object). */
import { z } from 'zod';
import { formString } from '../fields';

/** Largest request body the API's proxy accepts (10 MiB); bigger uploads get an HTML 413 page. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Image types the API accepts as input. */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** An image given as bytes, for `images.upload` and `images.upscale({ file })`. */
export const FileInputSchema = z.object({
  // z.custom, not z.instanceof: a Buffer is a Uint8Array<ArrayBufferLike> and must type-check.
  data: z
    .custom<Uint8Array>((data) => data instanceof Uint8Array, { error: 'must be the image bytes (a Uint8Array or Buffer)' })
    .refine((data) => data.byteLength > 0, { error: 'must not be empty' })
    .refine((data) => data.byteLength <= MAX_UPLOAD_BYTES, {
      error: (issue) =>
        `must be at most 10 MiB (got ${((issue.input as Uint8Array).byteLength / 1048576).toFixed(1)} MiB)`,
    }),
  /** Sent as the part's filename; `image.<ext>` when absent. */
  filename: formString(z.string()),
  /** Detected from the bytes when absent. */
  contentType: formString(z.enum(IMAGE_CONTENT_TYPES, { error: 'must be image/jpeg, image/png or image/webp' })),
});

/** An image given as bytes. */
export type FileInput = z.input<typeof FileInputSchema>;
/** A validated file input. */
export type FileParams = z.output<typeof FileInputSchema>;

/** Result of `images.upload`: the object to pass as `init_image_url` or upscale `input`. */
export const UploadResultSchema = z.looseObject({ object: z.string() });

/** Result of `images.upload`. */
export type UploadResult = z.infer<typeof UploadResultSchema>;
