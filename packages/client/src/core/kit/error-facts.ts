/**
 * What an error says, as data a front end can put in front of a person (each words the rest): the
 * problems of a ValidationError in the form's own labels, and the facts of any client error.
 */
import { OutcomeUnknownError, ServerTimeoutError, StablecogError, ValidationError } from '../errors';

/**
 * "Width: must be at most 1536 (got 2048); Prompt: must not be empty": each issue with its field as
 * the platform labels it (`labels` maps an API field to a label; unlabelled fields keep their name).
 */
export function describeIssues(error: ValidationError, labels: Readonly<Record<string, string>>): string {
  const issues = error.issues.length ? error.issues : [{ field: error.field ?? '', message: error.message }];
  return issues
    .map((issue) => {
      const label = labels[issue.field.split('.')[0] ?? ''] ?? issue.field;
      return label ? `${label}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** The facts of a client error: its code and status, and for a lost create how to find it. */
export interface ErrorFacts {
  code: string;
  status?: number;
  /** The API field it is about. */
  field?: string;
  /** A lost create: when it started (ISO), and what identifies it. */
  started_at?: string;
  /** A lost create's or a server TIMEOUT's seed (send it again for the same image). */
  seed?: number;
  prompt?: string;
  input?: string;
  /** A server TIMEOUT: how long the server held the request, in seconds (one decimal). */
  waited_seconds?: number;
}

/** The facts of `error` (a StablecogError), or undefined for anything else. */
export function errorFacts(error: unknown): ErrorFacts | undefined {
  if (!(error instanceof StablecogError)) return undefined;
  const facts: ErrorFacts = { code: error.code };
  if (error.status !== undefined) facts.status = error.status;
  if (error instanceof ValidationError && error.field) facts.field = error.field;
  if (error instanceof ServerTimeoutError) {
    if (error.seed !== undefined) facts.seed = error.seed;
    if (error.prompt !== undefined) facts.prompt = error.prompt;
    if (error.waitedMs !== undefined) facts.waited_seconds = Math.round(error.waitedMs / 100) / 10;
  }
  if (error instanceof OutcomeUnknownError) {
    facts.started_at = error.startedAt.toISOString();
    if (error.seed !== undefined) facts.seed = error.seed;
    if (error.prompt !== undefined) facts.prompt = error.prompt;
    if (error.input !== undefined) facts.input = error.input;
  }
  return facts;
}

/**
 * A field the server refused (a 400 naming it), in the platform's label: "Image: that output is
 * not in this account (Stablecog answered 400 output_not_found); nothing was charged". Undefined
 * for any other error, or when the field has no label.
 */
export function rejectedField(error: unknown, labels: Readonly<Record<string, string>>): string | undefined {
  if (!(error instanceof ValidationError) || error.status !== 400 || !error.field) return undefined;
  const label = labels[error.field.split('.')[0] ?? ''];
  const issue = error.issues[0];
  if (!label || !issue) return undefined;
  return `${label}: ${issue.message}${error.apiError ? ` (Stablecog answered 400 ${error.apiError})` : ''}; nothing was charged`;
}
