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

/** What a front end says when the filter dropped images: the facts and the sentences. */
export interface FilteredNotice {
  /** Counts for an output record (API-style names). */
  facts: { images_asked: number; images_made: number; credits_charged: number };
  /** "Stablecog’s content filter dropped 1 of 3 images; Stablecog charges for dropped images too (3 credits)." */
  message: string;
}

/** The notice for a result some of whose images the filter dropped. */
export function filteredNotice(filtered: FilteredImages): FilteredNotice {
  return {
    facts: { images_asked: filtered.asked, images_made: filtered.made, credits_charged: filtered.charged },
    message:
      `Stablecog’s content filter dropped ${filtered.asked - filtered.made} of ${filtered.asked} images; ` +
      `Stablecog charges for dropped images too (${filtered.charged} credits).`,
  };
}

/**
 * Why a generate returned no image at all (the filter dropped every one), and what to do: as a
 * message and a hint. `filtered` is undefined when the server did not say how many were asked.
 */
export function noImagesLeft(filtered: FilteredImages | undefined): { message: string; hint: string } {
  const asked = !filtered ? 'all of them' : filtered.asked === 1 ? 'the image' : `all ${filtered.asked} images`;
  const charged = filtered ? `${filtered.charged} credit${filtered.charged === 1 ? ' was' : 's were'} charged` : 'they were charged';
  return {
    message: `Stablecog returned no images: its content filter dropped ${asked}`,
    hint: `Rephrase the prompt. ${charged}: Stablecog does not refund images its filter drops.`,
  };
}
