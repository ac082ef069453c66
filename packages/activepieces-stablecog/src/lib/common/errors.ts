/**
 * The client's errors as the messages an Activepieces step shows: what happened, then how to fix
 * it in this piece's terms, with fields named by their display names. Only clean text is copied
 * into the new error (never a cause), so no request header, and so no token, can reach a run log.
 */
import { NetworkError, OutcomeUnknownError, recoveryAdvice, StablecogError, ValidationError } from '@stablecog/client';

/** Display names by API field name, for one action's form. */
export type FieldLabels = Record<string, string>;

/** How to fix a failure of each kind, where the client's hint would not fit Activepieces. */
const CODE_HINTS: Partial<Record<string, string>> = {
  authentication:
    'Open the Stablecog connection and paste the token of an active key from https://stablecog.com/account/api-keys (it starts with "sc-").',
  permission:
    'Use an image of this account: one of its outputs, a public http(s) URL, or a file (the piece uploads it for you).',
  rate_limited:
    'Stablecog limits requests per IP address, and cloud hosts share addresses. Wait a minute and run the flow again; nothing was charged.',
  insufficient_credits:
    'Buy credits or wait for the free refill at https://stablecog.com/pricing, or ask for fewer images. Nothing was charged.',
  queue_full: 'Wait for your running generations to finish, then run the flow again; nothing was charged.',
  unexpected_response:
    'Check the Base URL of the Stablecog connection: leave it empty for https://api.stablecog.com, or use an API origin with no path.',
};

/**
 * The error handling of a create: Retry on Failure off and hidden, because Stablecog finishes (and
 * charges) a create whose answer was lost, so a retried create may be charged twice.
 */
export const CREATE_ERROR_HANDLING = {
  retryOnFailure: { defaultValue: false, hide: true },
  continueOnFailure: { defaultValue: false },
};

/** A step failure with a stable code, raised by this piece for what the form alone shows wrong. */
export class StablecogPieceError extends Error {
  override readonly name = 'StablecogPieceError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Bad input, named by the field's display name, found before anything was sent. */
export function invalidInput(label: string, problem: string, fix: string): StablecogPieceError {
  return new StablecogPieceError('validation', `${label}: ${problem}. ${fix} Nothing was sent to Stablecog.`);
}

/** The message a person can act on, for anything a step throws. */
export function toPieceError(error: unknown, labels: FieldLabels = {}): Error {
  if (error instanceof StablecogPieceError) return error;
  if (!(error instanceof StablecogError)) return error instanceof Error ? error : new Error(String(error));
  if (error instanceof OutcomeUnknownError) return new StablecogPieceError(error.code, outcomeUnknownMessage(error));
  if (error instanceof ValidationError && error.status === undefined) {
    const problems = error.issues
      .map((issue) => `${labels[issue.field.split('.')[0] ?? ''] ?? issue.field}: ${issue.message}`)
      .join('; ');
    return new StablecogPieceError(error.code, `${problems}. ${error.hint} Nothing was sent to Stablecog.`);
  }
  let hint = CODE_HINTS[error.code] ?? error.hint;
  if (error instanceof NetworkError && error.kind === 'refused') {
    hint = 'Nothing reached Stablecog. Check the Base URL of the Stablecog connection (empty means https://api.stablecog.com) and the network.';
  }
  return new StablecogPieceError(error.code, `${error.message} ${hint}`);
}

/** What to do about a create whose answer was lost: it may be charged, so it is never sent again. */
export function outcomeUnknownMessage(error: OutcomeUnknownError): string {
  const advice = recoveryAdvice({ ...error, operation: error.operation ?? 'generate' });
  const since = advice.since.toISOString();
  const todo =
    advice.kind === 'find_generation'
      ? 'If Stablecog finishes the images, they appear in your Stablecog history within a few minutes. ' +
        `To use them, add a Find Outputs step with Prompt "${advice.prompt}", Seed ${advice.seed ?? 'as sent'} and Since ${since}.`
      : advice.kind === 'see_upscaled_output'
        ? `If Stablecog finishes the upscale, output ${advice.outputId} shows it as upscaled_image_url ` +
          '(List Outputs or Find Outputs), and upscaling that output again is then free.'
        : 'No list shows upscales of URLs or files: check Get Credits ' +
          'before running the step again.';
  return `${error.message} ${todo} This step is never sent again by the piece: running it again may charge twice.`;
}

/** Runs a step body and rewords whatever it throws. */
export async function withPieceErrors<T>(labels: FieldLabels, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toPieceError(error, labels);
  }
}
