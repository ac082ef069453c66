/**
 * Which outputs are new since the last poll, for every polling trigger (n8n, Zapier,
 * Activepieces). Outputs are listed newest first by their generation's creation time, but a
 * generation appears only once it has finished, so a slow one can show up below outputs already
 * seen (shared/behavior/README.md § Output order). Each poll therefore looks back a fixed window
 * below the newest time seen and remembers the ids inside that window: nothing is emitted twice,
 * and a late output is still found. Pages are followed until the window ends, so a burst bigger
 * than a page is not lost.
 */
import type { OutputsQuery } from '../inputs';
import { iterateOutputs, type ListOutputsPage } from '../pagination';
import type { Output } from '../results';
import { outputTime } from './match';

/** How far below the newest time to look for outputs that finished late (creates take ≤ 8 min). */
export const LOOKBACK_MS = 15 * 60 * 1000;
/** Outputs fetched per page while polling. */
export const POLL_PAGE_SIZE = 50;

/** What a trigger keeps between polls (JSON only, for n8n static data or a Zapier/Activepieces store). */
export interface PollState {
  /** The newest output time seen, exactly as the API sent it; null: none existed yet. */
  newest?: string | null;
  /** Ids seen within the look-back window, with their times. */
  seen?: Record<string, string>;
}

/** Options of {@link findNewOutputs}. */
export interface PollOptions {
  /** Filters of the outputs list (e.g. `model_ids`); `per_page` and `cursor` are the poll's own. */
  query?: OutputsQuery;
  /** Epoch ms after which no further page is fetched; the rest is found by the next poll. */
  deadline?: number;
  /** Epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

const ms = (time: string): number => Date.parse(time);

/**
 * The outputs that are new since `state`, oldest first, and the state to keep. The first poll
 * (no state yet) only records what exists and returns nothing.
 */
export async function findNewOutputs(
  listPage: ListOutputsPage,
  state: PollState,
  options: PollOptions = {},
): Promise<{ fresh: Output[]; state: Required<PollState> }> {
  const now = options.now ?? Date.now;
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const firstPoll = state.newest === undefined;
  const seen: Record<string, string> = { ...(state.seen ?? {}) };
  let newest = state.newest ?? null;
  let floor = newest === null ? Number.NEGATIVE_INFINITY : ms(newest) - LOOKBACK_MS;
  const fresh: Output[] = [];
  let complete = true;

  for await (const output of iterateOutputs(listPage, { ...options.query, per_page: POLL_PAGE_SIZE })) {
    const time = outputTime(output);
    if (firstPoll && newest === null) {
      newest = time;
      floor = ms(time) - LOOKBACK_MS;
    }
    if (ms(time) < floor) break;
    if (seen[output.id] === undefined) {
      seen[output.id] = time;
      if (!firstPoll) fresh.push(output);
    }
    if (now() > deadline) {
      complete = false;
      break;
    }
  }

  // Only a poll that reached the end of the window moves it: otherwise the outputs not reached yet
  // could fall below the next poll's window. The seen ids keep what was emitted from coming again.
  if (complete || firstPoll) {
    for (const output of fresh) {
      const time = outputTime(output);
      if (newest === null || ms(time) > ms(newest)) newest = time;
    }
  }
  if (newest !== null) {
    const keepFrom = ms(newest) - LOOKBACK_MS;
    for (const [id, time] of Object.entries(seen)) if (ms(time) < keepFrom) delete seen[id];
  }
  return { fresh: fresh.reverse(), state: { newest, seen } };
}
