/** Recognises the image types the API accepts from their first bytes (as the server does). */

/** An image type the API accepts. */
export type ImageContentType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The file extension the API uses for each type. */
export const EXTENSIONS: Record<ImageContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

const startsWith = (data: Uint8Array, bytes: number[], offset = 0): boolean =>
  data.byteLength >= offset + bytes.length && bytes.every((byte, i) => data[offset + i] === byte);

/** The type of a JPEG, PNG or WebP image; undefined for anything else. */
export function sniffImageType(data: Uint8Array): ImageContentType | undefined {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF....WEBP
  if (startsWith(data, [0x52, 0x49, 0x46, 0x46]) && startsWith(data, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}
