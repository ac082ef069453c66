/** The figures of every benchmark's last run, kept as JSON next to the charts so `--only` can re-run one. */
import * as fs from 'node:fs';
import type { Machine } from './machine';

/** One benchmark's last run. */
export interface StoredResult {
  measuredAt: string;
  durationMs: number;
  quick: boolean;
  machine: Machine;
  figures: unknown;
}

/** What the results file holds, by benchmark name. */
export interface Results {
  results: Record<string, StoredResult>;
}

export function readResults(file: string): Results {
  if (!fs.existsSync(file)) return { results: {} };
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
}

export function writeResults(file: string, results: Results): void {
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
