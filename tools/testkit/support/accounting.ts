/**
 * Credit accounting from the emulator's ledger: every credit charged must stand for an image the
 * user received, or for an image the recovery search found after an outcome-unknown error. And no
 * input may reach the create handler twice (a 429 is answered before anything is charged, so a
 * retried 429 does not count).
 */
import type { Emulator, LedgerEntry } from '@stablecog/emulator';
import type { DoorRecord, FrontDoor } from './front-door';

/** What an integration handed back to its user, and what the recovery search found afterwards. */
export interface Outcomes {
  /** Generation output ids the user received in results. */
  delivered: string[];
  /** For each generate that ended outcome-unknown: the outputs the recovery search found for it. */
  recovered: string[][];
  /** Upscale ids the user received in results. */
  upscaled?: string[];
  /** How many upscales that ended outcome-unknown were found again (their output shows the upscale). */
  upscalesRecovered?: number;
}

/** Credits and images of one account, after every job has ended. */
export interface CreditReport {
  generate: {
    /** Credits charged and not refunded. */
    charged: number;
    refunded: number;
    delivered: number;
    recovered: number;
    /** Charged outputs the user neither received nor could find: lost money. */
    unaccounted: string[];
    /** Outputs the user received that no charge paid for (would mean a broken ledger). */
    uncharged: string[];
    /** Recovery searches whose outputs come from more than one generation (a create sent twice). */
    mixed: number;
  };
  upscale: { charged: number; refunded: number; delivered: number; recovered: number; unaccounted: number };
}

/** Waits until every charge of the account has either its outputs or its refund (jobs still running end). */
export async function settledLedger(emulator: Emulator, token: string, timeoutMs = 15_000): Promise<LedgerEntry[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ledger = emulator.control.ledger({ token });
    const refunded = new Set(ledger.filter((e) => e.kind === 'refund').map(jobId));
    const running = ledger.filter((e) => e.kind === 'charge' && !e.outputIds && !refunded.has(jobId(e)));
    if (running.length === 0) return ledger;
    if (Date.now() > until) throw new Error(`${running.length} charged jobs never ended: ${JSON.stringify(running)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const jobId = (e: LedgerEntry): string => e.generationId ?? e.upscaleId ?? '';

/** Matches the ledger against what the user got. Call after `settledLedger`. */
export function creditReport(ledger: LedgerEntry[], outcomes: Outcomes): CreditReport {
  const refundedJobs = new Set(ledger.filter((e) => e.kind === 'refund').map(jobId));
  const net = ledger.filter((e) => e.kind === 'charge' && !refundedJobs.has(jobId(e)));
  const refunds = ledger.filter((e) => e.kind === 'refund');
  const sum = (entries: LedgerEntry[]) => entries.reduce((total, e) => total + e.amount, 0);

  const generations = net.filter((e) => e.operation === 'generate');
  const generationOf = new Map<string, string>();
  for (const charge of generations) for (const id of charge.outputIds ?? []) generationOf.set(id, jobId(charge));
  const delivered = new Set(outcomes.delivered);
  const recovered = new Set(outcomes.recovered.flat());

  const upscales = net.filter((e) => e.operation === 'upscale');
  const upscaled = outcomes.upscaled ?? [];
  const upscalesRecovered = outcomes.upscalesRecovered ?? 0;
  return {
    generate: {
      charged: sum(generations),
      refunded: sum(refunds.filter((e) => e.operation === 'generate')),
      delivered: delivered.size,
      recovered: recovered.size,
      unaccounted: [...generationOf.keys()].filter((id) => !delivered.has(id) && !recovered.has(id)),
      uncharged: [...delivered, ...recovered].filter((id) => !generationOf.has(id)),
      mixed: outcomes.recovered.filter((ids) => new Set(ids.map((id) => generationOf.get(id))).size > 1).length,
    },
    upscale: {
      charged: sum(upscales),
      refunded: sum(refunds.filter((e) => e.operation === 'upscale')),
      delivered: upscaled.length,
      recovered: upscalesRecovered,
      unaccounted: sum(upscales) - upscaled.length - upscalesRecovered,
    },
  };
}

/** Asserts that every credit is accounted for, exactly once. */
export function expectEveryCreditAccounted(report: CreditReport): void {
  const g = report.generate;
  expect({ unaccounted: g.unaccounted, uncharged: g.uncharged, mixed: g.mixed }).toEqual({ unaccounted: [], uncharged: [], mixed: 0 });
  // One credit per image (no content-filter markers in these suites): charged = delivered + recovered.
  expect(g.charged).toBe(g.delivered + g.recovered);
  expect(report.upscale.unaccounted).toBe(0);
}

/** One line for the test log: the figures behind the assertions. */
export function describeReport(label: string, report: CreditReport): string {
  const g = report.generate;
  const u = report.upscale;
  return (
    `${label}: generate ${g.charged} credits charged (${g.refunded} refunded), ${g.delivered} images delivered, ` +
    `${g.recovered} recovered by the search, ${g.unaccounted.length} unaccounted; ` +
    `upscale ${u.charged} charged (${u.refunded} refunded), ${u.delivered} delivered, ${u.recovered} recovered, ${u.unaccounted} unaccounted`
  );
}

/**
 * How many times each input reached the create handler: requests grouped by `key` (the prompt of a
 * generate, the input of an upscale), not counting 429s (answered before anything is charged).
 */
export function handlerArrivals(records: DoorRecord[], key: (record: DoorRecord) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) {
    if (record.status === 429) continue;
    const k = key(record);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Asserts that no input reached the create handler more than once. */
export function expectNoInputSentTwice(records: DoorRecord[], key: (record: DoorRecord) => string): void {
  const twice = [...handlerArrivals(records, key)].filter(([, count]) => count > 1);
  expect(twice).toEqual([]);
}

/** The prompt a generate request was sent with. */
export const promptOf = (record: DoorRecord): string => String(record.json?.prompt ?? '');

/** No generate (by its prompt) and no upscale (by its input) reached the door's create handler twice. */
export function expectNoCreateSentTwice(door: FrontDoor): void {
  expectNoInputSentTwice(door.creates('generate'), promptOf);
  expectNoInputSentTwice(door.creates('upscale'), (r) => String(r.json?.input));
}
