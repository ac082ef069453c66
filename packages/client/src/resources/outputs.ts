import { execute, type CallOptions, type Runtime } from '../core/http/execute';
import type { FindOutputsQuery, OutputsQuery } from '../core/outputs/schema';
import { listOutputs } from '../core/operations';
import { iterateOutputs } from '../core/outputs/pagination';
import { findOutputs } from '../core/outputs/find';
import type { Output, OutputsPage } from '../core/outputs/schema';

/** The account's output history (one item per image, newest first). */
export class OutputsResource {
  constructor(private readonly runtime: Runtime) {}

  /** One page. Pass its `next` back as `cursor` (unchanged) for the following page. */
  list(query?: OutputsQuery, options?: CallOptions): Promise<OutputsPage> {
    return execute(listOutputs, query, this.runtime, options);
  }

  /**
   * Every output from `query.cursor` on, page by page, each exactly once.
   *
   * @example
   * for await (const output of client.outputs.iterate({ per_page: 100 })) console.log(output.image_url);
   */
  iterate(query?: OutputsQuery, options?: CallOptions): AsyncGenerator<Output, void, undefined> {
    return iterateOutputs((q) => this.list(q, options), query);
  }

  /**
   * Finds the outputs of a generate whose answer was lost (OutcomeUnknownError): scans newest first
   * back to `since` (minus a clock-skew margin) for the prompt and seed.
   *
   * @example
   * const images = await client.outputs.find({ prompt: err.prompt, seed: err.seed, since: err.startedAt });
   */
  find(criteria: FindOutputsQuery, options?: CallOptions): Promise<Output[]> {
    return findOutputs((q) => this.list(q, options), criteria);
  }
}
