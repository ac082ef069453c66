/**
 * What a generate does when Stablecog has not answered within the time budget. The job keeps
 * running on Stablecog and is charged, so the step is never sent again; instead it tells the user
 * exactly what to search for (prompt, seed, time) in Find Image Outputs, and either stops the Zap
 * or continues with a "still generating" result, as the user chose.
 */
import type { ZObject } from 'zapier-platform-core';
import type { GenerationModel } from '@stablecog/client/core';

/** The user's choice: stop the Zap (halted, so Zapier never replays it), or continue. */
export type IfSlow = 'halt' | 'continue';

export const IF_SLOW_CHOICES: Array<{ value: IfSlow; label: string; sample: IfSlow }> = [
  { value: 'halt', label: 'Stop the Zap and say how to find the images', sample: 'halt' },
  { value: 'continue', label: 'Continue with a "still generating" result', sample: 'continue' },
];

/** What is known about the generate that did not answer in time. */
export interface UnfinishedGenerate {
  /** `timeout`: the budget ran out; `lost`: the connection broke after the request was sent. */
  reason: 'timeout' | 'lost';
  budgetMs: number;
  prompt: string;
  seed: number;
  startedAt: Date;
  model: GenerationModel;
  numOutputs: number;
}

/** How to find the images later, in words a Zap owner can follow. */
export function recoveryMessage(unfinished: UnfinishedGenerate): string {
  const since = unfinished.startedAt.toISOString();
  const what =
    unfinished.reason === 'timeout'
      ? `Stablecog had not finished within ${Math.round(unfinished.budgetMs / 1000)} seconds ` +
        '(Zapier stops a step after 30). It finishes the images anyway and charges for them;'
      : 'The connection to Stablecog broke after the request was sent. Stablecog may still finish the images ' +
        'and charge for them; if so,';
  return (
    `${what} they appear in your Stablecog history within a few minutes. To use them, add a Find Image ` +
    `Outputs step (after a Delay by Zapier step) with Prompt "${unfinished.prompt}", Seed ${unfinished.seed} ` +
    `and Since ${since}. Do not run this step again for the same images: it would generate and charge them ` +
    'twice. Fewer images per step finish sooner.'
  );
}

/** Stops the Zap, or returns the "still generating" result: as the user chose. */
export function stillGenerating(z: ZObject, choice: IfSlow, unfinished: UnfinishedGenerate) {
  const message = recoveryMessage(unfinished);
  if (choice === 'halt') throw new z.errors.HaltedError(message);
  return {
    status: 'still_generating',
    message,
    image_count: 0,
    outputs: [],
    prompt: unfinished.prompt,
    seed: unfinished.seed,
    model_id: unfinished.model.id,
    model_name: unfinished.model.name,
    created_at: unfinished.startedAt.toISOString(),
  };
}
