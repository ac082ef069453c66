import { imageSize } from 'image-size';

/** The image formats the API accepts as input. */
export type ImageType = 'jpeg' | 'png' | 'webp';

/** Type and size of an image, read from its bytes (never from a file name or a header). */
export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

const ACCEPTED: Record<string, ImageType> = { jpg: 'jpeg', png: 'png', webp: 'webp' };

/** Sniffs JPEG, PNG or WebP from the content; undefined for anything else or a broken header. */
export function sniffImage(bytes: Uint8Array): ImageInfo | undefined {
  try {
    const { type, width, height } = imageSize(bytes);
    const accepted = type ? ACCEPTED[type] : undefined;
    if (!accepted || !width || !height) return undefined;
    return { type: accepted, width, height };
  } catch {
    return undefined;
  }
}
