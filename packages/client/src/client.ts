/** The facade for standalone use: `new Stablecog({ apiToken })` and resources named after the API. */
import { execute, type CallOptions, type Runtime } from './core/http/execute';
import { health, type Operation } from './core/operations';
import type { Transport } from './core/http/request';
import { CreditsResource } from './resources/credits';
import { DefaultsResource } from './resources/defaults';
import { ImagesResource } from './resources/images';
import { ModelsResource } from './resources/models';
import { OutputsResource } from './resources/outputs';
import { sleep } from './sleep';
import { createAxiosTransport } from './transport/axios';

/** Options of {@link Stablecog}. */
export interface StablecogOptions {
  /** The API token (`sc-…`); used by the default axios transport only. */
  apiToken?: string;
  /** API origin, default https://api.stablecog.com; used by the default transport only. */
  baseUrl?: string;
  /** How requests are sent (n8n and Zapier inject their own); axios by default. */
  transport?: Transport;
  /** Waits between retries; `setTimeout` by default (n8n: `sleep` from n8n-workflow). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** A number in [0, 1) for jitter and seeds (default `Math.random`). */
  random?: () => number;
  /** Retries after the first attempt (default 4; 0 disables retrying). */
  maxRetries?: number;
  /** Cap on the total time spent waiting between retries (default 30 s). */
  retryBudgetMs?: number;
  /**
   * Timeout of every request. By default creates get 600 s (the server waits up to 240 s for the
   * GPU, and restarts that wait once processing starts), uploads 120 s and reads 60 s.
   */
  timeoutMs?: number;
}

/**
 * A client of the Stablecog API.
 *
 * @example
 * const client = new Stablecog({ apiToken: process.env.STABLECOG_API_TOKEN });
 * const { outputs } = await client.images.generate({ prompt: 'a lighthouse at dawn' });
 */
export class Stablecog {
  /** Generate, upscale, upload. */
  readonly images: ImagesResource;
  /** The output history: one page, every page, or the outputs of a lost create. */
  readonly outputs: OutputsResource;
  /** Generation and upscale models. */
  readonly models: ModelsResource;
  /** The server's default settings. */
  readonly defaults: DefaultsResource;
  /** The credit balance. */
  readonly credits: CreditsResource;
  readonly #runtime: Runtime;

  constructor(options: StablecogOptions = {}) {
    const transport =
      options.transport ??
      createAxiosTransport({
        ...(options.apiToken === undefined ? {} : { apiToken: options.apiToken }),
        ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      });
    const runtime: Runtime = { transport, sleep: options.sleep ?? sleep };
    if (options.now) runtime.now = options.now;
    if (options.random) runtime.random = options.random;
    if (options.maxRetries !== undefined) runtime.maxRetries = options.maxRetries;
    if (options.retryBudgetMs !== undefined) runtime.retryBudgetMs = options.retryBudgetMs;
    if (options.timeoutMs !== undefined) runtime.timeoutMs = options.timeoutMs;
    this.#runtime = runtime;
    this.images = new ImagesResource(runtime);
    this.outputs = new OutputsResource(runtime);
    this.models = new ModelsResource(runtime);
    this.defaults = new DefaultsResource(runtime);
    this.credits = new CreditsResource(runtime);
  }

  /** What `GET /v1/health` reports. */
  health(options?: CallOptions): Promise<unknown> {
    return execute(health, undefined, this.#runtime, options);
  }

  /** Runs any core operation with this client's transport and retry settings. */
  execute<In, Out>(operation: Operation<In, Out>, input: In, options?: CallOptions): Promise<Out> {
    return execute(operation, input, this.#runtime, options);
  }
}
