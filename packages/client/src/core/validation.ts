/** Turns zod issues into a ValidationError that names each field and says how to fix it. */
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors';
import type { OperationName } from './http/request';

/** How to fix each field, for people reading the error in n8n, Zapier or a terminal. */
const FIELD_HINTS: Record<string, string> = {
  prompt: 'Describe the image to generate, e.g. "a lighthouse at dawn, oil painting".',
  width: 'Use 256 to 1536 pixels; at the default 30 steps width × height can be at most 1024 × 1024.',
  height: 'Use 256 to 1536 pixels; at the default 30 steps width × height can be at most 1024 × 1024.',
  inference_steps:
    'Use at least 10 steps, and keep width × height × steps at most 31,457,280 (1024 × 1024 × 30); ' +
    'for larger sizes send fewer steps (the server then uses the model’s own step count).',
  num_outputs: 'Ask for 1 to 4 images per request (each costs 1 credit).',
  guidance_scale: 'Use a value from 1 to 30 (7 is the default).',
  seed: 'Use a whole number of at least 0, or leave it empty for a random seed.',
  prompt_strength: 'Use a value from 0 to 1 (0.5 is the default).',
  model_id: 'Use an id from models.generation() (`stablecog models`), or leave it empty for the default model.',
  scheduler_id: 'Use a scheduler id listed with the model in models.generation(), or leave it empty.',
  init_image_url: 'Use an http(s) URL of a JPEG, PNG or WebP image (at most 5 MiB), or an s3:// object from images.upload().',
  mask_image_url: 'Use an http(s) URL of a JPEG, PNG or WebP image, or an s3:// object from images.upload().',
  input: 'Pass an output id from a generation, an http(s) URL of a JPEG/PNG/WebP image, or an s3:// object from images.upload().',
  data: 'Send the bytes of a JPEG, PNG or WebP image of at most 10 MiB.',
  file: 'Send the bytes of a JPEG, PNG or WebP image of at most 10 MiB.',
  per_page: 'Use 1 to 300 outputs per page.',
  cursor: 'Pass the `next` value of the previous page exactly as it was received.',
  since: 'Pass the time the lost request was started, e.g. error.startedAt.',
};
const DEFAULT_HINT = 'Correct the field and try again; nothing was sent.';

/** The hint for a field (a general one when the field has none). */
export function hintForField(field: string | undefined): string {
  const top = field?.split('.')[0];
  return (top && FIELD_HINTS[top]) || DEFAULT_HINT;
}

/** Checks `value` against `schema`; returns the parsed value or throws a ValidationError. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, operation: OperationName): z.output<S> {
  if (value === null || typeof value !== 'object') {
    throw new ValidationError({
      message: `${operation}: the input must be an object of fields (got ${value === null ? 'null' : typeof value})`,
      hint: DEFAULT_HINT,
      operation,
      issues: [{ field: '', message: 'must be an object' }],
    });
  }
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw validationErrorFrom(result.error.issues, operation);
}

/** Builds the ValidationError for a list of zod issues. */
export function validationErrorFrom(zodIssues: readonly z.core.$ZodIssue[], operation: OperationName): ValidationError {
  const issues = zodIssues.map(toIssue);
  const message = issues.map((issue) => (issue.field ? `${issue.field}: ${issue.message}` : issue.message)).join('; ');
  const hints = [...new Set(issues.map((issue) => hintForField(issue.field)))];
  return new ValidationError({ message, hint: hints.slice(0, 3).join(' '), operation, issues });
}

function toIssue(issue: z.core.$ZodIssue): ValidationIssue {
  return { field: issue.path.map(String).join('.'), message: describe(issue) };
}

/** A short phrase for one issue, with the offending value when it helps. */
function describe(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  const got = input === undefined ? '' : ` (got ${show(input)})`;
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters${got}`
        : issue.origin === 'array'
          ? `must have at most ${issue.maximum} items`
          : `must be at most ${issue.maximum}${got}`;
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `must have at least ${issue.minimum} items`;
      return `must be at least ${issue.minimum}${got}`;
    case 'invalid_type':
      if (input === undefined) return 'is required';
      if (issue.expected === 'int') return `must be a whole number${got}`;
      return `must be ${article(issue.expected)}${got}`;
    case 'unrecognized_keys':
      return `unknown field(s): ${issue.keys.join(', ')}`;
    default:
      return issue.message + (issue.code === 'custom' || issue.message.includes('(got') ? '' : got);
  }
}

function article(expected: string): string {
  if (expected === 'string') return 'text';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}
