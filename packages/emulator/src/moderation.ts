/**
 * The emulator's stand-ins for the real content checks, triggered by marker words in the prompt
 * (case-insensitive):
 * - `emu_nsfw`: the prompt moderation rejects it: `400 nsfw_prompt`, nothing charged.
 * - `emu_filter_all`: the worker's NSFW filter drops every image: 200 with `outputs: []`, charged.
 * - `emu_filter_one`: the filter drops the first image: one output fewer than asked, charged.
 */
export const CONTENT_MARKERS = {
  nsfwPrompt: 'emu_nsfw',
  filterAll: 'emu_filter_all',
  filterOne: 'emu_filter_one',
} as const;

const has = (prompt: string, marker: string) => prompt.toLowerCase().includes(marker);

/** True when the prompt moderation rejects the prompt (before any charge). */
export const isRejectedPrompt = (prompt: string): boolean => has(prompt, CONTENT_MARKERS.nsfwPrompt);

/** Which of `count` output slots survive the worker's filter. */
export function keptOutputSlots(prompt: string, count: number): number[] {
  const slots = Array.from({ length: count }, (_, i) => i);
  if (has(prompt, CONTENT_MARKERS.filterAll)) return [];
  if (has(prompt, CONTENT_MARKERS.filterOne)) return slots.slice(1);
  return slots;
}
