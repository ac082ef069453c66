/**
 * The client core, wired to Zapier: requests through `z.request`, waits through `setTimeout`.
 * Creates are sent exactly once per step run; reads may retry briefly (a 429: the API's limit is a
 * one-second window; a 5xx or a broken connection: nothing is charged for a read).
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import {
  execute,
  findOutputs,
  operations,
  type CallOptions,
  type FindOutputsQuery,
  type Operation,
  type Output,
  type Runtime,
} from '@stablecog/client/core';
import { zapierTransport } from './transport';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads: up to 2 quick retries within 3 s; a 429 that outlasts them becomes a ThrottledError (errors.ts). */
const READ_RETRIES = { maxRetries: 2, retryBudgetMs: 3_000 };
/** Creates: never retried here; a 429 becomes a ThrottledError and Zapier runs the step again later. */
const CREATE_RETRIES = { maxRetries: 0, retryBudgetMs: 0 };

/** The API as one Zapier step sees it. */
export interface StepClient {
  /** Runs a read (models, outputs, credits, upload). */
  read<In, Out>(operation: Operation<In, Out>, input: In, options?: CallOptions): Promise<Out>;
  /** Runs a create (generate, upscale) once, with no retry of any kind. */
  create<In, Out>(operation: Operation<In, Out>, input: In, options?: CallOptions): Promise<Out>;
  /** The outputs matching a lost create's prompt and seed, newest first. */
  findOutputs(criteria: FindOutputsQuery, options?: CallOptions): Promise<Output[]>;
}

/** A client for one step run. */
export function stepClient(z: ZObject, bundle: Bundle): StepClient {
  const transport = zapierTransport(z, bundle);
  const reads: Runtime = { transport, sleep, ...READ_RETRIES };
  const creates: Runtime = { transport, sleep, ...CREATE_RETRIES };
  const read = <In, Out>(operation: Operation<In, Out>, input: In, options?: CallOptions) =>
    execute(operation, input, reads, options);
  return {
    read,
    create: (operation, input, options) => execute(operation, input, creates, options),
    findOutputs: (criteria, options) => findOutputs((query) => read(operations.listOutputs, query, options), criteria),
  };
}
