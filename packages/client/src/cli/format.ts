/** Human-readable output of the CLI: short aligned lines, one per item. */
import type { Credits } from '../core/credits/schema';
import type { GenerationModel, UpscaleModel } from '../core/models/schema';
import type { Output } from '../core/outputs/schema';

const clip = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

/** Images of a create, with the files they were saved to when `--out` was given. */
export function formatSaved(images: ReadonlyArray<{ id: string; url: string }>, files: readonly string[]): string {
  return images.map((image, i) => `  ${image.id}  ${files[i] ?? image.url}\n`).join('');
}

/** One line per output: time, id, seed, prompt, image URL. */
export function formatOutputs(outputs: readonly Output[]): string {
  if (!outputs.length) return 'No outputs.\n';
  return outputs
    .map((o) => {
      const g = o.generation;
      return `${o.created_at}  ${o.id}  seed ${String(g.seed ?? '?').padEnd(10)}  ${clip(g.prompt?.text ?? '', 40).padEnd(40)}  ${o.upscaled_image_url ?? o.image_url}\n`;
    })
    .join('');
}

/** The total, then each credit pack. */
export function formatCredits(balance: Credits): string {
  const packs = (balance.credits ?? []).map(
    (c) => `  ${String(c.remaining_amount ?? '?').padStart(6)}  ${c.type?.name ?? 'credits'}${c.expires_at ? ` (expires ${c.expires_at})` : ''}\n`,
  );
  return `${balance.total_remaining_credits} credits\n${packs.join('')}`;
}

/** One line per model (its schedulers underneath for generation models). */
export function formatModels(models: ReadonlyArray<GenerationModel | UpscaleModel>): string {
  return models
    .map((m) => {
      const g = m as GenerationModel; // upscale models simply lack these fields
      const size = g.default_width ? `  ${g.default_width}×${g.default_height}` : '';
      const head = `${m.id}  ${m.name}${m.is_default ? ' (default)' : ''}${size}\n`;
      const schedulers = (g.available_schedulers ?? []).map((s) => `    scheduler ${s.id}  ${s.name}\n`);
      return head + schedulers.join('');
    })
    .join('');
}
