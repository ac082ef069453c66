/**
 * Which outputs are new since the last poll. Outputs are listed newest first by their
 * generation's creation time, but a generation appears only once it has finished, so a slow one
 * can show up below outputs already seen. Each poll therefore looks back a fixed window below the
 * newest time seen, and remembers the ids inside that window: nothing is emitted twice, and a
 * late output is still found.
 */
import {
	iterateOutputs,
	type ListOutputsPage,
	type Output,
	type OutputsQuery,
} from '@stablecog/client/core';

/** How far below the newest time to look for outputs that finished late (creates take ≤ 8 min). */
export const LOOKBACK_MS = 15 * 60 * 1000;
/** Outputs fetched per page while polling. */
export const POLL_PAGE_SIZE = 50;

/** What the trigger keeps between polls (in the workflow's static data; JSON only). */
export interface PollState {
	/** The newest output time seen, exactly as the API sent it; null: none existed yet. */
	newest?: string | null;
	/** Ids seen within the look-back window, with their times. */
	seen?: Record<string, string>;
}

/** An output's time in the list's order: its generation's creation. */
export function outputTime(output: Output): string {
	return output.generation.created_at ?? output.created_at;
}

const ms = (time: string): number => Date.parse(time);

/**
 * The outputs that are new since `state`, oldest first, and the state to keep. The first poll
 * (no state yet) only records what exists and returns nothing.
 */
export async function findNewOutputs(
	listPage: ListOutputsPage,
	state: PollState,
	query: OutputsQuery = {},
	deadline = Number.POSITIVE_INFINITY,
): Promise<{ fresh: Output[]; state: Required<PollState> }> {
	const firstPoll = state.newest === undefined;
	const seen: Record<string, string> = { ...(state.seen ?? {}) };
	let newest = state.newest ?? null;
	let floor = newest === null ? Number.NEGATIVE_INFINITY : ms(newest) - LOOKBACK_MS;
	const fresh: Output[] = [];

	for await (const output of iterateOutputs(listPage, { ...query, per_page: POLL_PAGE_SIZE })) {
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
		if (Date.now() > deadline) break; // the rest is found by the next poll
	}

	for (const output of fresh) {
		const time = outputTime(output);
		if (newest === null || ms(time) > ms(newest)) newest = time;
	}
	if (newest !== null) {
		const keepFrom = ms(newest) - LOOKBACK_MS;
		for (const [id, time] of Object.entries(seen)) if (ms(time) < keepFrom) delete seen[id];
	}
	return { fresh: fresh.reverse(), state: { newest, seen } };
}
