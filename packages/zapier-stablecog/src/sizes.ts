/**
 * Image sizes as people pick them (an aspect ratio), turned into the pixels a model is made for.
 * The presets are Stablecog's own at one megapixel (as its Raycast extension sends them); a model
 * with another native resolution gets them scaled to its area, in multiples of 8.
 */

/** An aspect-ratio preset: its label in the dropdown and its size at 1024 × 1024 pixels of area. */
interface Preset {
  label: string;
  width: number;
  height: number;
}

/** The presets, keyed by the value the size dropdown sends. */
export const SIZE_PRESETS = {
  '1:1': { label: 'Square (1:1)', width: 1024, height: 1024 },
  '2:3': { label: 'Portrait (2:3)', width: 832, height: 1248 },
  '3:2': { label: 'Landscape (3:2)', width: 1248, height: 832 },
  '4:5': { label: 'Portrait (4:5)', width: 896, height: 1120 },
  '16:9': { label: 'Widescreen (16:9)', width: 1280, height: 720 },
  '9:16': { label: 'Vertical (9:16)', width: 720, height: 1280 },
} as const satisfies Record<string, Preset>;

export type SizePreset = keyof typeof SIZE_PRESETS;

/** The dropdown value that reveals the Width and Height fields. */
export const CUSTOM_SIZE = 'custom';

/** The size dropdown's choices, in display order. */
export const SIZE_CHOICES = [
  ...Object.entries(SIZE_PRESETS).map(([value, preset]) => ({ value, label: preset.label, sample: value })),
  { value: CUSTOM_SIZE, label: 'Custom Width and Height', sample: CUSTOM_SIZE },
];

const PRESET_AREA = 1024 * 1024;
const MIN_SIDE = 256;
const MAX_SIDE = 1536;

export function isSizePreset(value: string): value is SizePreset {
  return Object.prototype.hasOwnProperty.call(SIZE_PRESETS, value);
}

/**
 * The width and height of `preset` for a model whose native size is `native` (its default width and
 * height): same aspect ratio, the model's pixel area (never more), sides multiples of 8 in 256–1536.
 */
export function sizeFor(preset: SizePreset, native: { width: number; height: number }): { width: number; height: number } {
  const { width, height } = SIZE_PRESETS[preset];
  const scale = Math.sqrt((native.width * native.height) / PRESET_AREA);
  const side = (value: number) => Math.min(MAX_SIDE, Math.max(MIN_SIDE, Math.floor((value * scale) / 8) * 8));
  return { width: side(width), height: side(height) };
}
