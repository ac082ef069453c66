/** Writing result images into the `--out` folder, downloaded from the CDN without credentials. */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { mapLimit } from '../core/concurrency';
import { downloadImage } from '../download';

/** An image to save: `name` names the file (an output id, or the URL's own file name). */
export interface ImageToSave {
  name: string;
  url: string;
}

/** What became of one image: the file it was saved to, or why it was not. */
export type SaveOutcome = ImageToSave & ({ file: string; error?: undefined } | { file?: undefined; error: unknown });

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * Downloads each image into `folder` as `<name>.<ext>`. Every image is attempted, whatever happens
 * to the others; the outcomes come back in order and this never throws.
 */
export async function saveImages(images: readonly ImageToSave[], folder: string): Promise<SaveOutcome[]> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    return images.map((image) => ({ ...image, error }));
  }
  return mapLimit(images, 4, async (image): Promise<SaveOutcome> => {
    try {
      const { data, contentType } = await downloadImage(image.url);
      const extension = EXTENSION[contentType?.split(';')[0]?.trim() ?? ''] ?? 'jpeg';
      const file = path.join(folder, `${image.name}.${extension}`);
      await writeFile(file, data);
      return { ...image, file };
    } catch (error) {
      return { ...image, error };
    }
  });
}
