/**
 * How hard the property tests try: 300 runs locally, 50 in CI (`CI` set), with a fixed seed so a
 * run is reproducible and never flaky. `FC_SEED=<n>` replays another seed, `FC_SEED=random` explores,
 * `FC_RUNS=<n>` overrides the count.
 */
import type { Parameters } from 'fast-check';

export const IN_CI = Boolean(process.env.CI);

const DEFAULT_SEED = 20_251_124;

/** Runs per property: `local` on a workstation, `ci` under CI. */
export function numRuns(local = 300, ci = 50): number {
  const forced = Number(process.env.FC_RUNS);
  if (Number.isInteger(forced) && forced > 0) return forced;
  return IN_CI ? ci : local;
}

/** fast-check parameters: the run count, the seed, and a short report when a property fails. */
export function propertyParams<T>(local = 300, ci = 50): Parameters<T> {
  const seed = process.env.FC_SEED;
  return {
    numRuns: numRuns(local, ci),
    ...(seed === 'random' ? {} : { seed: seed === undefined ? DEFAULT_SEED : Number(seed) }),
    endOnFailure: true,
  };
}
