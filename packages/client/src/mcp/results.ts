/**
 * What an agent gets back: compact JSON (ids, URLs, seed, credits left), never the raw API
 * payloads, and errors worded so a model can relay them and knows what to do next.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  flattenOutput,
  OutcomeUnknownError,
  recoveryAdvice,
  StablecogError,
  ValidationError,
  type GenerateResult,
  type Output,
  type RecoveryAdvice,
  type UpscaleResult,
} from '../core';

/**
 * A tool result whose text is `value` as compact JSON. No `structuredContent` copy: hosts such as
 * n8n hand the model both, doubling what it reads.
 */
export function jsonResult(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

/** The essentials of a generate: what was made, from which seed, and the balance left. */
export function compactGenerate(result: GenerateResult, prompt: string) {
  const settings = result.settings ?? {};
  return {
    images: result.outputs.map((image) => ({ id: image.id, url: image.image_url ?? image.url })),
    prompt,
    seed: settings.seed,
    width: settings.width,
    height: settings.height,
    model_id: settings.model_id,
    credits_spent: result.outputs.length,
    remaining_credits: result.remaining_credits,
  };
}

/** The essentials of an upscale. */
export function compactUpscale(result: UpscaleResult) {
  return {
    images: result.outputs.map((image) => ({ id: image.id, url: image.upscaled_image_url ?? image.url })),
    remaining_credits: result.remaining_credits,
  };
}

/** One history item: the kit's flat record, cut to what an agent uses. */
export function compactOutput(output: Output) {
  const { id, image_url, upscaled_image_url, prompt, seed, width, height, created_at } = flattenOutput(output);
  return { id, url: image_url, ...(upscaled_image_url ? { upscaled_url: upscaled_image_url } : {}), prompt, seed, width, height, created_at };
}

/**
 * A failed call as a tool error. A lost create says it was probably charged, not to call it again,
 * and gives the exact `find_outputs` arguments that recover its images.
 */
export function errorResult(err: unknown): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: describeError(err) }] };
}

function describeError(err: unknown): string {
  if (err instanceof OutcomeUnknownError) {
    const { operation = 'generate', startedAt, prompt, seed, input } = err;
    return lostCreate(recoveryAdvice({ operation, startedAt, prompt, seed, input }));
  }
  if (err instanceof ValidationError && err.status === undefined) {
    return `Refused before sending, nothing was charged: ${err.message}. ${err.hint}`;
  }
  if (err instanceof StablecogError) return `${err.message} ${err.hint}`;
  return `Unexpected failure: ${err instanceof Error ? err.message : String(err)}`;
}

/** The kit's recovery advice, worded for a model: never call again, call this instead. */
function lostCreate(advice: RecoveryAdvice): string {
  const since = advice.since.toISOString();
  switch (advice.kind) {
    case 'find_generation': {
      const recover = { prompt: advice.prompt, seed: advice.seed, since };
      return (
        `The image request was sent but its answer was lost (seed ${advice.seed}); the images were probably made and charged. ` +
        `Do not call generate_image again for this request. Call find_outputs with ${JSON.stringify(recover)} to get them ` +
        '(they can take a few minutes to appear).'
      );
    }
    case 'see_upscaled_output':
      return (
        `The upscale of output ${advice.outputId} was sent but its answer was lost; it was probably done and charged. ` +
        `Do not call upscale_image again yet: call find_outputs with ${JSON.stringify({ since })} and read upscaled_url ` +
        'of that output (once it is there, upscaling it again is free).'
      );
    case 'check_credits':
      return (
        'The upscale was sent but its answer was lost; it was probably done and charged, and no list shows upscales of a URL. ' +
        'Call get_credits before deciding to upscale it again.'
      );
  }
}
