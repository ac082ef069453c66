/**
 * The seam every endpoint family plugs into: an operation is a pair of pure functions, `build`
 * (validate the input, describe the HTTP request) and `parse` (the result, or the typed error), with
 * optional pre-flight checks that need the server's lists. Adapters that do their own HTTP (n8n,
 * Zapier) use operations directly, or through `execute`.
 */
import type { z } from 'zod';
import type { ServerLists } from '../generate/preflight';
import type { OperationName, RawResponse, RequestSpec } from './request';
import { errorFromResponse, parseSuccess, type ErrorFields, type ParseContext } from './response';

/** How long a create may block: the server waits up to 240 s, and restarts that wait once. */
export const CREATE_TIMEOUT_MS = 600_000;
/** How long an upload may take (up to 10 MiB). */
export const UPLOAD_TIMEOUT_MS = 120_000;
/** How long a read may take. */
export const READ_TIMEOUT_MS = 60_000;

/** What `build` may take besides the input. */
export interface BuildContext {
  /** Overrides the operation's default timeout. */
  timeoutMs?: number;
  /** Source of randomness for the seed of a generate (default `Math.random`). */
  random?: () => number;
}

/** One API operation: pure request building and response parsing. */
export interface Operation<In, Out> {
  readonly name: OperationName;
  /** Validates `input` (throws ValidationError, before anything is sent) and describes the request. */
  build(input: In, ctx?: BuildContext): RequestSpec;
  /**
   * Checks that need the server's lists (e.g. the generation models), run after `build` and before
   * anything is sent; returns the spec to send. `execute` and `prepareRequest` run it.
   */
  preflight?(spec: RequestSpec, lists: ServerLists): Promise<RequestSpec>;
  /** The result of a successful response; any other response throws the matching StablecogError. */
  parse(raw: RawResponse, ctx: ParseContext): Out;
}

/** Whether a status is a success. */
export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/**
 * A parse function: the schema's value (mapped) on 2xx, the typed error otherwise, its fields named
 * by the operation's own `fields`.
 */
export function parser<S extends z.ZodType, Out>(
  schema: S,
  what: string,
  map: (value: z.output<S>) => Out,
  fields?: ErrorFields,
) {
  return (raw: RawResponse, ctx: ParseContext): Out => {
    const context = fields && !ctx.fields ? { ...ctx, fields } : ctx;
    if (!isSuccess(raw.status)) throw errorFromResponse(raw, context);
    return map(parseSuccess(raw, context, schema, what));
  };
}

/** The identity, for a parser whose schema's value is the result. */
export const same = <T>(value: T): T => value;

/** Drops undefined values so every transport serialises the same body. */
export function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A GET request of a read-only route (retried like any read). */
export const getRequest = (
  operation: OperationName,
  path: string,
  auth: boolean,
  ctx: BuildContext | undefined,
  query?: RequestSpec['query'],
): RequestSpec => ({
  operation,
  method: 'GET',
  path,
  ...(query ? { query } : {}),
  auth,
  timeoutMs: ctx?.timeoutMs ?? READ_TIMEOUT_MS,
  retry: 'read',
});

/**
 * The field of each server `error` string of a 400 (matched at its start), for one operation's
 * `ErrorFields`; `oversized` names the field that makes its body too large (a 413).
 */
export function errorFields(table: ReadonlyArray<readonly [RegExp, string]>, oversized: (spec: RequestSpec) => string): ErrorFields {
  return {
    of: (apiError) => table.find(([pattern]) => pattern.test(apiError))?.[1],
    oversized,
  };
}
