import { newId } from '../ids';
import type { ImageSpec } from './render';
import { RenderPool } from './render-pool';

export type { ImageSpec } from './render';

/** Encoded images kept in memory at most (least recently used dropped first). */
const CACHE_BYTES = 128 * 1024 * 1024;

/**
 * Images by id: the CDN's files. Each is drawn and encoded on its first request, on a render
 * thread (see `RenderPool`), then cached by id; concurrent first requests share one render.
 */
export class ImageRegistry {
  private readonly specs = new Map<string, ImageSpec>();
  private readonly cache = new Map<string, Buffer>();
  private readonly rendering = new Map<string, Promise<Buffer>>();
  private cachedBytes = 0;

  constructor(private readonly pool = new RenderPool()) {}

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
  async jpeg(id: string): Promise<Buffer | undefined> {
    const cached = this.cache.get(id);
    if (cached) {
      this.cache.delete(id); // re-insert: most recently used last
      this.cache.set(id, cached);
      return cached;
    }
    const spec = this.specs.get(id);
    if (!spec) return undefined;
    let render = this.rendering.get(id);
    if (!render) {
      render = this.pool.render(spec).finally(() => this.rendering.delete(id));
      this.rendering.set(id, render);
      const bytes = await render;
      if (this.specs.get(id) === spec) this.remember(id, bytes);
      return bytes;
    }
    return render;
  }

  clear(): void {
    this.specs.clear();
    this.cache.clear();
    this.rendering.clear();
    this.cachedBytes = 0;
  }

  /** The render threads (to wait for them, or count where renders ran). */
  get renderer(): RenderPool {
    return this.pool;
  }

  /** Ends the render threads. */
  close(): Promise<void> {
    return this.pool.close();
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
