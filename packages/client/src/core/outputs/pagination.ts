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
