/** Walking the whole output history page by page, with the server's cursor passed back untouched. */
import type { OutputsQuery } from './schema';
import type { Output, OutputsPage } from './schema';

/** Fetches one page of outputs (e.g. `(q) => execute(operations.listOutputs, q, runtime)`). */
export type ListOutputsPage = (query: OutputsQuery) => Promise<OutputsPage>;

/**
 * Yields every output from `query.cursor` on (newest first by default), each exactly once. The
 * `next` value is sent back as the same string the server produced: it has microseconds, which a
 * JavaScript Date would drop (and then outputs would be skipped or repeated).
 */
export async function* iterateOutputs(listPage: ListOutputsPage, query: OutputsQuery = {}): AsyncGenerator<Output, void, undefined> {
  const seen = new Set<string>();
  let cursor = query.cursor;
  for (;;) {
    const page = await listPage({ ...query, cursor });
    for (const output of page.outputs) {
      if (seen.has(output.id)) continue;
      seen.add(output.id);
      yield output;
    }
    if (page.next === undefined || page.next === null || page.outputs.length === 0) return;
    const next = String(page.next);
    if (next === cursor) return; // the server would only send this page again
    cursor = next;
  }
}

/** The largest page the server serves. */
export const MAX_PER_PAGE = 300;

/**
 * Up to `limit` outputs from `query` on (every one when `limit` is undefined), fetched in pages as
 * large as needed and no larger than the server serves.
 */
export async function collectOutputs(listPage: ListOutputsPage, query: OutputsQuery = {}, limit?: number): Promise<Output[]> {
  const outputs: Output[] = [];
  if (limit !== undefined && limit < 1) return outputs;
  const perPage = query.per_page ?? Math.min(limit ?? MAX_PER_PAGE, MAX_PER_PAGE);
  for await (const output of iterateOutputs(listPage, { ...query, per_page: perPage })) {
    outputs.push(output);
    if (limit !== undefined && outputs.length >= limit) break;
  }
  return outputs;
}
