/**
 * What a create does when Stablecog has not answered within the time budget. The job may still
 * finish (and be charged), so the step is never sent again; instead it tells the user how to find
 * the result (the core's recovery advice, worded for Zapier), and a generate either stops the Zap
 * or continues with a "still generating" result, as the user chose.
 */
import type { ZObject } from 'zapier-platform-core';
import { recoveryAdvice, type OutcomeUnknownError } from '@stablecog/client/core';

/** The user's choice: stop the Zap (halted, so Zapier never replays it), or continue. */
export type IfSlow = 'halt' | 'continue';

export const IF_SLOW_CHOICES: Array<{ value: IfSlow; label: string; sample: IfSlow }> = [
  { value: 'halt', label: 'Stop the Zap and say how to find the images', sample: 'halt' },
  { value: 'continue', label: 'Continue with a "still generating" result', sample: 'continue' },
];

/** How to find the result of a create whose answer was lost, in words a Zap owner can follow. */
export function recoveryMessage(err: OutcomeUnknownError, budgetMs: number): string {
  const what =
    err.reason === 'timeout'
      ? `Stablecog had not finished within ${Math.round(budgetMs / 1000)} seconds (Zapier stops a step after 30).`
      : 'The connection to Stablecog broke after the request was sent.';
  const advice = recoveryAdvice({ ...err, operation: err.operation ?? 'generate' });
  switch (advice.kind) {
    case 'find_generation':
      return (
        `${what} Stablecog may still finish the images and charge for them; if it fails or times out, it refunds ` +
        'the credits. Finished images appear in your Stablecog history within a few minutes. To use them, add a Find ' +
        `Image Outputs step (after a Delay by Zapier step) with Prompt "${advice.prompt}", Seed ${advice.seed} and ` +
        `Since ${advice.since.toISOString()}. Do not run this step again for the same images: it could generate and ` +
        'charge them twice. Fewer images per step finish sooner.'
      );
    case 'see_upscaled_output':
      return (
        `${what} Stablecog may still finish the upscale and charge 1 credit. If so, in a few minutes the upscaled ` +
        `image appears as Upscaled Image URL of output ${advice.outputId} (New Image Output, Find Image Outputs), and ` +
        'running this step again then costs nothing.'
      );
    case 'check_credits':
      return (
        `${what} Stablecog may still finish the upscale and charge 1 credit. Stablecog keeps no list of upscaled ` +
        'files, so check your credits before running this step again (or upscale one of your outputs instead: those ' +
        'can be found again).'
      );
  }
}

/** Stops the Zap, or returns `result` with the message: as the user chose. */
export function stillGenerating<R extends object>(z: ZObject, choice: IfSlow, message: string, result: R) {
  if (choice === 'halt') throw new z.errors.HaltedError(message);
  return { ...result, status: 'still_generating', message };
}
