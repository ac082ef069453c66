/**
 * Models, schedulers and outputs as the choices of a dropdown or a searchable list, the same in
 * every front end: the ids change, so they are always loaded, never hard-coded.
 */
import { chosenModel } from '../generate/preflight';
import type { GenerationModel } from '../models/schema';
import { ASPECT_RATIOS, GALLERY_STATUSES, type Output } from '../outputs/schema';
import { ASPECT_RATIO_NAMES, ASPECT_RATIO_SIZES } from '../generate/sizes';

/** One entry of a dropdown: what it shows, the id it stands for, and a link to look at it. */
export interface Choice {
  name: string;
  value: string;
  url?: string;
}

const byName = (a: Choice, b: Choice) => a.name.localeCompare(b.name);

/**
 * Models (generation or upscale) by name, "(default)" after the default one. `search` keeps the
 * ones whose name contains it; `defaultFirst` puts the default model on top.
 */
export function modelChoices(
  models: readonly { id: string; name: string; is_default?: boolean | null }[],
  options: { search?: string; defaultFirst?: boolean } = {},
): Choice[] {
  const wanted = options.search?.trim().toLowerCase() ?? '';
  const first = (model: { is_default?: boolean | null }) => (options.defaultFirst && model.is_default ? 0 : 1);
  return models
    .filter((model) => model.name.toLowerCase().includes(wanted))
    .sort((a, b) => first(a) - first(b) || a.name.localeCompare(b.name))
    .map((model) => ({ name: model.is_default ? `${model.name} (default)` : model.name, value: model.id }));
}

/** The schedulers of model `modelId` (of the default model when it is not given or not found). */
export function schedulerChoices(models: readonly GenerationModel[], modelId?: string): Choice[] {
  const model = chosenModel(models, modelId || undefined) ?? chosenModel(models, undefined);
  return (model?.available_schedulers ?? []).map((s) => ({ name: s.name, value: s.id })).sort(byName);
}

/** Every scheduler of every model, once (a filter over outputs made with any model). */
export function allSchedulerChoices(models: readonly GenerationModel[]): Choice[] {
  const seen = new Map<string, string>();
  for (const model of models) for (const s of model.available_schedulers ?? []) seen.set(s.id, s.name);
  return [...seen].map(([value, name]) => ({ name, value })).sort(byName);
}

/** An output as a choice: its prompt, shortened, and when it was made ("a lighthouse (2026-01-02 10:00)"). */
export function outputChoice(output: Output): Choice {
  const prompt = output.generation.prompt?.text ?? 'Untitled';
  const short = prompt.length > 60 ? `${prompt.slice(0, 59)}…` : prompt;
  return {
    name: `${short} (${output.created_at.slice(0, 16).replace('T', ' ')})`,
    value: output.id,
    url: output.upscaled_image_url || output.image_url,
  };
}

/** Generate's aspect ratios as choices by name, each with the size the default models get: "Landscape (16:9, 1280 × 720)". */
export const ASPECT_RATIO_CHOICES: readonly Choice[] = ASPECT_RATIO_NAMES.map((value) => {
  const { label, sizes } = ASPECT_RATIO_SIZES[value];
  return { name: label.replace(')', `, ${sizes[0].width} × ${sizes[0].height})`), value };
}).sort(byName);

/** The outputs filter's aspect ratios as choices: "16:9" for `16-9`, "2.4:1" for `2_4-1`. */
export const ASPECT_RATIO_FILTER_CHOICES: readonly Choice[] = ASPECT_RATIOS.map((value) => ({
  name: value.replace('_', '.').replace('-', ':'),
  value,
}));

/** The outputs filter's gallery statuses as choices: "Waiting for approval" for `waiting_for_approval`. */
export const GALLERY_STATUS_CHOICES: readonly Choice[] = GALLERY_STATUSES.map((value) => ({
  name: value.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase()),
  value,
}));

/** `choices` sorted by name (dropdowns list their entries alphabetically). */
export const sortedChoices = (choices: readonly Choice[]): Choice[] => [...choices].sort(byName);
