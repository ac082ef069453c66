import * as jpeg from 'jpeg-js';
import { renderPattern, resizeBilinear } from './pattern';

/** What an image on the CDN shows; its bytes are made only when someone asks for them. */
export type ImageSpec =
  | { kind: 'pattern'; key: string; width: number; height: number }
  | { kind: 'resized-jpeg'; source: Uint8Array; width: number; height: number };

/** The real CDN encodes at quality 85. */
const QUALITY = 85;

/** Draws and encodes one image (CPU-bound: the render pool runs it off the API's event loop). */
export function renderJpeg(spec: ImageSpec): Buffer {
  return jpeg.encode({ data: pixels(spec), width: spec.width, height: spec.height }, QUALITY).data;
}

function pixels(spec: ImageSpec): Buffer {
  if (spec.kind === 'pattern') return renderPattern(spec.key, spec.width, spec.height);
  try {
    const decoded = jpeg.decode(spec.source, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
    return resizeBilinear(decoded.data, decoded.width, decoded.height, spec.width, spec.height);
  } catch {
    // A JPEG variant jpeg-js cannot decode still gets a (made-up) picture of the right size.
    return renderPattern(Buffer.from(spec.source.subarray(0, 4096)).toString('base64'), spec.width, spec.height);
  }
}
