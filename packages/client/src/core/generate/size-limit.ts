/**
 * The server's size rule for generations: `width × height × inference_steps` may be at most
 * 1024 × 1024 × 30, whatever the sizes come from (the input, or the model's defaults).
 */

/** The server's cap on `width * height * inference_steps` (1024 × 1024 × 30). */
export const MAX_PIXEL_STEPS = 1024 * 1024 * 30;
/** The steps the server assumes when `inference_steps` is not sent. */
export const DEFAULT_INFERENCE_STEPS = 30;
/** Fewest inference steps the server takes. */
export const MIN_INFERENCE_STEPS = 10;
/** Smallest width or height the server takes. */
export const MIN_SIDE = 256;
/** Largest width or height the server takes. */
export const MAX_SIDE = 1536;

/** What is wrong with this size and step count, or undefined when the server accepts them. */
export function pixelStepsProblem(width: number, height: number, steps: number): string | undefined {
  const product = width * height * steps;
  if (product <= MAX_PIXEL_STEPS) return undefined;
  return (
    `width × height × inference_steps must be at most ${MAX_PIXEL_STEPS.toLocaleString('en-US')} ` +
    `(got ${width} × ${height} × ${steps} = ${product.toLocaleString('en-US')})`
  );
}

/** The most inference steps the server allows at this size (may be below the minimum of 10). */
export const maxStepsFor = (width: number, height: number): number => Math.floor(MAX_PIXEL_STEPS / (width * height));
