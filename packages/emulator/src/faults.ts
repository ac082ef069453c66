/**
 * Fault injection: rules that make chosen requests fail the ways real ones do (rate-limit bursts,
 * gateway errors, dropped connections before or after the job is charged, slow bodies, worker
 * timeouts and failures), each with a probability and/or a count.
 */

/** Names of the routes a fault can target; `*` is every API route (not the CDN). */
export type FaultRoute = 'generate' | 'upscale' | 'upload' | 'outputs' | 'credits' | 'models' | 'defaults' | 'health' | 'cdn' | '*';

/**
 * - `429`: the limiter's plain-text answer, before anything else (nothing charged).
 * - `500` / `502`: a server / gateway error before the handler runs (nothing charged).
 * - `drop-before`: the connection is closed before the handler runs (nothing charged).
 * - `drop`: the handler runs to the end (a create is charged and its outputs are listed), then the
 *   connection is closed instead of answering.
 * - `slow`: the answer is sent in small pieces spread over `delayMs` (default 2000 ms).
 * - `timeout`: create/upscale only: `500 {"error":"TIMEOUT"}` after the latency, credits refunded.
 * - `worker-failure`: create/upscale only: the worker fails, credits refunded, 500.
 */
export type FaultKind = '429' | '500' | '502' | 'drop' | 'drop-before' | 'slow' | 'timeout' | 'worker-failure';

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '502', 'drop', 'drop-before', 'slow', 'timeout', 'worker-failure'];
export const FAULT_ROUTES: readonly FaultRoute[] = ['generate', 'upscale', 'upload', 'outputs', 'credits', 'models', 'defaults', 'health', 'cdn', '*'];

/** One fault rule. */
export interface FaultRule {
  route: FaultRoute;
  kind: FaultKind;
  /** Chance that a matching request gets the fault (default 1). */
  probability?: number;
  /** How many requests get it at most (default: no limit). */
  times?: number;
  /** For `slow`: how long the body takes. */
  delayMs?: number;
}

/** A rule and how many times it may still fire. */
interface ActiveRule extends FaultRule {
  remaining: number;
}

const JOB_ONLY: readonly FaultKind[] = ['timeout', 'worker-failure'];

export class Faults {
  private rules: ActiveRule[] = [];

  /** Adds rules after checking each (an invalid one throws and none is added). */
  inject(rules: readonly FaultRule[]): void {
    const checked = rules.map((rule, i) => {
      if (!FAULT_ROUTES.includes(rule.route)) throw new TypeError(`faults[${i}].route must be one of ${FAULT_ROUTES.join(', ')}`);
      if (!FAULT_KINDS.includes(rule.kind)) throw new TypeError(`faults[${i}].kind must be one of ${FAULT_KINDS.join(', ')}`);
      const probability = rule.probability ?? 1;
      if (!(probability >= 0 && probability <= 1)) throw new TypeError(`faults[${i}].probability must be between 0 and 1`);
      const times = rule.times ?? Infinity;
      if (!(times >= 0)) throw new TypeError(`faults[${i}].times must be >= 0`);
      return { ...rule, probability, remaining: times };
    });
    this.rules.push(...checked);
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules still active (used-up ones are dropped), with how many times each may fire. */
  list(): Array<FaultRule & { remaining: number }> {
    return this.rules.filter((r) => r.remaining > 0).map((r) => ({ ...r }));
  }

  /** Decides the fault (if any) for one request to `route`, consuming one use of the rule that fires. */
  take(route: Exclude<FaultRoute, '*'>): FaultRule | undefined {
    for (const rule of this.rules) {
      const matches = rule.route === route || (rule.route === '*' && route !== 'cdn');
      if (!matches || rule.remaining <= 0) continue;
      if (JOB_ONLY.includes(rule.kind) && route !== 'generate' && route !== 'upscale') continue;
      if (Math.random() >= (rule.probability ?? 1)) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      const { remaining: _remaining, ...fired } = rule;
      return fired;
    }
    return undefined;
  }
}
