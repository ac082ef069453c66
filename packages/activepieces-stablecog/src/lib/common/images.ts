/**
 * Images a step returns: each as its Stablecog URL and as a file written through Activepieces'
 * file API, so later steps can use either. The images are already paid for, so a download that
 * fails never fails the step: the image keeps its URL and says why it has no file.
 */
import { downloadImage, StablecogError } from '@stablecog/client';

/** Activepieces' file API (`context.files`). */
export interface FileWriter {
  write(params: { fileName: string; data: Buffer }): Promise<string>;
}

/** One image in a step's output. */
export interface ImageItem {
  /** The output id (for Upscale Image) or, for an upscale, the upscale's id. */
  id: string;
  image_url: string;
  /** The file reference later steps take as a File input; null when the download failed. */
  file: string | null;
  /** Why `file` is null. */
  file_error?: string;
}

/** Downloads each image and writes it as a file (in parallel; the CDN needs no token). */
export async function withFiles(files: FileWriter, images: Array<{ id: string; url: string }>): Promise<ImageItem[]> {
  return await Promise.all(
    images.map(async ({ id, url }) => {
      try {
        const { data } = await downloadImage(url);
        // The engine accepts only a Buffer (it checks Buffer.isBuffer); the client gives a Uint8Array.
        const file = await files.write({ fileName: `${id}.jpeg`, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
        return { id, image_url: url, file };
      } catch (error) {
        const why = error instanceof StablecogError ? `${error.message} ${error.hint}` : 'the image could not be saved as a file';
        return { id, image_url: url, file: null, file_error: `${why} The image is still at image_url.` };
      }
    }),
  );
}
