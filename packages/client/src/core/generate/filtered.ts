/**
 * The worker's content filter may drop images after the generate was charged: the server answers
 * 200 with fewer outputs and refunds nothing. A result says so as data; front ends word it.
 */
import type { RequestSpec } from '../http/request';

/** How many images a generate asked for, made and was charged for, when some were dropped. */
export interface FilteredImages {
  /** `num_outputs` as the server used it. */
  asked: number;
  /** The images returned. */
  made: number;
  /** Credits charged: every image asked for, the dropped ones too. */
  charged: number;
}

/** The counts when the content filter dropped images of this result, else undefined. */
export function filteredImages(
  result: { outputs: readonly unknown[]; settings?: { num_outputs?: number | null | undefined } | undefined },
  spec: RequestSpec,
): FilteredImages | undefined {
  const sent = spec.body?.kind === 'json' ? (spec.body.value as { num_outputs?: unknown }).num_outputs : undefined;
  const asked = result.settings?.num_outputs ?? (typeof sent === 'number' ? sent : undefined);
  if (asked === undefined || result.outputs.length >= asked) return undefined;
  return { asked, made: result.outputs.length, charged: asked };
}
