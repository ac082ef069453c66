/** Writing result images into the `--out` folder, downloaded from the CDN without credentials. */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { mapLimit } from '../core/concurrency';
import { downloadImage } from '../download';

/** An image to save: its id names the file. */
export interface ImageToSave {
  id: string;
  url: string;
}

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/** Downloads each image into `folder` as `<id>.<ext>`; returns the paths in order. */
export async function saveImages(images: readonly ImageToSave[], folder: string): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  return mapLimit(images, 4, async (image) => {
    const { data, contentType } = await downloadImage(image.url);
    const extension = EXTENSION[contentType?.split(';')[0]?.trim() ?? ''] ?? 'jpeg';
    const file = path.join(folder, `${image.id}.${extension}`);
    await writeFile(file, data);
    return file;
  });
}
