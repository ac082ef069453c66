/** One movement of credits: what tests read to prove "charged once" or "refunded". */
export interface LedgerEntry {
  at: string;
  userId: string;
  kind: 'charge' | 'refund';
  amount: number;
  operation: 'generate' | 'upscale';
  generationId?: string;
  upscaleId?: string;
  /** Filled in when the work succeeds. */
  outputIds?: string[];
  /** Why credits were given back (`TIMEOUT`, `worker_failure`). */
  reason?: string;
}

/** Every charge and refund, oldest first. */
export class Ledger {
  private entries: LedgerEntry[] = [];

  add(entry: Omit<LedgerEntry, 'at'>): LedgerEntry {
    const full: LedgerEntry = { at: new Date().toISOString(), ...entry };
    this.entries.push(full);
    return full;
  }

  list(): LedgerEntry[] {
    return this.entries.map((e) => ({ ...e, outputIds: e.outputIds && [...e.outputIds] }));
  }

  clear(): void {
    this.entries = [];
  }
}
