/**
 * Image sizes by aspect ratio: Stablecog's own table (shared/behavior/README.md § Aspect ratios).
 * The outputs list's `aspect_ratio` filter finds an image only when its width × height is one of
 * these pairs, so every front end that offers an aspect ratio must send exactly these sizes.
 */
import type { GenerationModel } from '../results';

/** A width and height in pixels. */
export interface Size {
  width: number;
  height: number;
}

/** One aspect ratio: its outputs-filter value, the label Stablecog shows, and its three sizes. */
export interface AspectRatioSizes {
  /** The value of the outputs list's `aspect_ratio` filter (`16-9`). */
  filter: string;
  /** Stablecog's own name for it. */
  label: string;
  /** Large, medium and small: the sizes for 1024-, 768- and 512-pixel models. */
  sizes: readonly [Size, Size, Size];
}

const sizes = (...pairs: Array<[number, number]>) =>
  pairs.map(([width, height]) => ({ width, height })) as unknown as readonly [Size, Size, Size];

/** Stablecog's aspect ratios and their sizes (sc-go `discobot/aspectratio/aspectratio.go`). */
export const ASPECT_RATIO_SIZES = {
  '1:1': { filter: '1-1', label: 'Square (1:1)', sizes: sizes([1024, 1024], [768, 768], [512, 512]) },
  '2:3': { filter: '2-3', label: 'Portrait (2:3)', sizes: sizes([832, 1248], [608, 912], [512, 768]) },
  '3:2': { filter: '3-2', label: 'Landscape (3:2)', sizes: sizes([1248, 832], [912, 608], [768, 512]) },
  '4:5': { filter: '4-5', label: 'Squarish (4:5)', sizes: sizes([896, 1120], [672, 840], [512, 640]) },
  '9:16': { filter: '9-16', label: 'Mobile (9:16)', sizes: sizes([720, 1280], [576, 1024], [432, 768]) },
  '16:9': { filter: '16-9', label: 'Desktop (16:9)', sizes: sizes([1280, 720], [1024, 576], [768, 432]) },
  '2.4:1': { filter: '2_4-1', label: 'Anamorphic (2.4:1)', sizes: sizes([1536, 640], [1152, 480], [768, 320]) },
} as const satisfies Record<string, AspectRatioSizes>;

/** An aspect ratio as people write it (`16:9`). */
export type AspectRatio = keyof typeof ASPECT_RATIO_SIZES;

/** Every aspect ratio, in Stablecog's order. */
export const ASPECT_RATIO_NAMES = Object.keys(ASPECT_RATIO_SIZES) as AspectRatio[];

/** Whether `value` is one of Stablecog's aspect ratios. */
export function isAspectRatio(value: unknown): value is AspectRatio {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ASPECT_RATIO_SIZES, value);
}

/** The square side of each size tier (the 1:1 row). */
const TIER_SIDES = ASPECT_RATIO_SIZES['1:1'].sizes.map((size) => size.width);

/**
 * The size Stablecog uses for `aspectRatio` with `model`.
 *
 * The server picks one of the three sizes by hard-coded model ids: the large one for its default
 * models, the medium one for a 768-pixel model, the small one for 512-pixel models. Ids change, so
 * the tier is chosen from what the model list says instead: the tier whose square side is nearest
 * the model's default size (the square root of default_width × default_height). That gives the
 * same answer for every model the server names, and the large size when the list says nothing.
 */
export function sizeFor(aspectRatio: AspectRatio, model?: Pick<GenerationModel, 'default_width' | 'default_height'>): Size {
  const { sizes: [large, ...rest] } = ASPECT_RATIO_SIZES[aspectRatio];
  const { default_width: width, default_height: height } = model ?? {};
  if (typeof width !== 'number' || typeof height !== 'number') return { ...large };
  const side = Math.sqrt(width * height);
  const tier = TIER_SIDES.reduce((best, candidate, index) =>
    Math.abs(candidate - side) < Math.abs(TIER_SIDES[best] - side) ? index : best, 0);
  return { ...[large, ...rest][tier] };
}

/** The aspect ratio whose outputs filter finds an image of this size, if any. */
export function aspectRatioOf(width: number, height: number): AspectRatio | undefined {
  return ASPECT_RATIO_NAMES.find((name) =>
    ASPECT_RATIO_SIZES[name].sizes.some((size) => size.width === width && size.height === height),
  );
}
