/**
 * The client core, wired to Zapier: requests through `z.request`, waits through `setTimeout`.
 * Reads may retry briefly (a 429: the API's limit is a one-second window; a 5xx or a broken
 * connection: nothing is charged for a read). A create is retried only when it was refused before
 * anything was charged (a 429, or no connection at all), and only within the step's time.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import {
  cachedGenerationModels,
  execute,
  findOutputs,
  operations,
  prepareRequest,
  sendPrepared,
  type CallOptions,
  type FindOutputsQuery,
  type ListOutputsPage,
  type Operation,
  type PreparedRequest,
  type Runtime,
} from '@stablecog/client/core';
import { apiUrl } from './config';
import { zapierTransport } from './transport';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads: up to 2 quick retries within 3 s; a 429 that outlasts them becomes a ThrottledError (errors.ts). */
const READ_RETRIES = { maxRetries: 2, retryBudgetMs: 3_000 };
/** Creates: refused ones are sent again, with jittered backoff, while this much of the step is left. */
const CREATE_MAX_RETRIES = 8;
const CREATE_RESERVE_MS = 10_000;

/** One cache scope per API origin for the whole process: every step run shares its model list. */
const scopes = new Map<string, object>();
const scopeFor = (origin: string): object => scopes.get(origin) ?? scopes.set(origin, {}).get(origin)!;

/** A client for one step run; with a `deadline` (epoch ms) no request outlasts it. */
export function stepClient(z: ZObject, bundle: Bundle, deadline?: number) {
  const transport = zapierTransport(z, bundle, deadline);
  const cacheScope = scopeFor(apiUrl(bundle));
  const reads: Runtime = { transport, sleep, cacheScope, ...READ_RETRIES };
  const read = <In, Out>(operation: Operation<In, Out>, input: In, options?: CallOptions) =>
    execute(operation, input, reads, options);
  const listPage: ListOutputsPage = (query) => read(operations.listOutputs, query);
  return {
    /** Runs a read (models, outputs, credits, upload). */
    read,
    /** Validates and pre-flight checks a create (model, scheduler, size) without sending it. */
    prepare: <In, Out>(operation: Operation<In, Out>, input: In) => prepareRequest(operation, input, reads),
    /** Sends a prepared create; sent again only while nothing can have been charged. */
    create: <Out>(prepared: PreparedRequest<Out>) => {
      const retryBudgetMs = deadline === undefined ? 0 : Math.max(0, deadline - Date.now() - CREATE_RESERVE_MS);
      return sendPrepared(prepared, { transport, sleep, maxRetries: retryBudgetMs ? CREATE_MAX_RETRIES : 0, retryBudgetMs });
    },
    /** The generation models, read at most once a minute per process. */
    generationModels: () => cachedGenerationModels(reads, () => read(operations.generationModels, undefined)),
    /** One page of the outputs list. */
    listPage,
    /** The outputs matching a lost create's prompt and seed, newest first. */
    findOutputs: (criteria: FindOutputsQuery) => findOutputs(listPage, criteria),
  };
}

/** The API as one Zapier step sees it. */
export type StepClient = ReturnType<typeof stepClient>;
