/** A generate whose init image is uploaded only when it is about to be sent. */
import type { PreparedRequest } from '../execute';

/**
 * `prepared` (a generate) with `init_image_url` set to `object`, the `s3://` object an upload just
 * returned. The rest was validated when it was prepared; the seed stays the same.
 */
export function withInitImage<Out>(prepared: PreparedRequest<Out>, object: string): PreparedRequest<Out> {
  const { spec } = prepared;
  if (spec.operation !== 'generate' || spec.body?.kind !== 'json') {
    throw new TypeError('withInitImage: only a prepared generate has an init image');
  }
  const value = { ...(spec.body.value as Record<string, unknown>), init_image_url: object };
  return { ...prepared, spec: { ...spec, body: { kind: 'json', value } } };
}
