import * as jpeg from 'jpeg-js';
import { newId } from '../ids';
import { renderPattern, resizeBilinear } from './pattern';

/** What an image on the CDN shows; its bytes are made only when someone asks for them. */
export type ImageSpec =
  | { kind: 'pattern'; key: string; width: number; height: number }
  | { kind: 'resized-jpeg'; source: Buffer; width: number; height: number };

/** The real CDN encodes at quality 85. */
const QUALITY = 85;
/** Encoded images kept in memory at most (least recently used dropped first). */
const CACHE_BYTES = 128 * 1024 * 1024;

/** Images by id: the CDN's files. Encoded lazily with jpeg-js, cached by id. */
export class ImageRegistry {
  private readonly specs = new Map<string, ImageSpec>();
  private readonly cache = new Map<string, Buffer>();
  private cachedBytes = 0;

  /** Registers a new image and returns its id (the `<uuid>` of `<uuid>.jpeg`). */
  add(spec: ImageSpec): string {
    const id = newId();
    this.specs.set(id, spec);
    return id;
  }

  spec(id: string): ImageSpec | undefined {
    return this.specs.get(id);
  }

  /** The JPEG bytes of an image, or undefined when there is no such image. */
  jpeg(id: string): Buffer | undefined {
    const cached = this.cache.get(id);
    if (cached) {
      this.cache.delete(id); // re-insert: most recently used last
      this.cache.set(id, cached);
      return cached;
    }
    const spec = this.specs.get(id);
    if (!spec) return undefined;
    const bytes = jpeg.encode({ data: this.pixels(spec), width: spec.width, height: spec.height }, QUALITY).data;
    this.remember(id, bytes);
    return bytes;
  }

  clear(): void {
    this.specs.clear();
    this.cache.clear();
    this.cachedBytes = 0;
  }

  private pixels(spec: ImageSpec): Buffer {
    if (spec.kind === 'pattern') return renderPattern(spec.key, spec.width, spec.height);
    try {
      const decoded = jpeg.decode(spec.source, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
      return resizeBilinear(decoded.data, decoded.width, decoded.height, spec.width, spec.height);
    } catch {
      // A JPEG variant jpeg-js cannot decode still gets a (made-up) picture of the right size.
      return renderPattern(spec.source.subarray(0, 4096).toString('base64'), spec.width, spec.height);
    }
  }

  private remember(id: string, bytes: Buffer): void {
    this.cache.set(id, bytes);
    this.cachedBytes += bytes.length;
    for (const [oldId, old] of this.cache) {
      if (this.cachedBytes <= CACHE_BYTES) break;
      this.cache.delete(oldId);
      this.cachedBytes -= old.length;
    }
  }
}
