/**
 * How many creates each Stablecog plan runs at once. sc-go gives each plan a maximum `qMax`
 * (`shared/constants.go` MAX_QUEUED_ITEMS_*, picked from the subscription or a role in
 * `server/scworker/generate.go` and `upscale.go`). An API create waits only while the account's
 * in-flight count, read before this create is counted, is above it (`nq > qMax`), so qMax + 1 run
 * at once and the rest wait on the server. Generations and upscales are counted apart.
 */

/** Stablecog's plans, cheapest first. */
export const PLANS = ['free', 'starter', 'pro', 'ultimate'] as const;
export type Plan = (typeof PLANS)[number];

/** sc-go's `qMax` per plan (MAX_QUEUED_ITEMS_FREE … _ULTIMATE): one less than it runs at once. */
export const PLAN_QUEUE_MAX: Readonly<Record<Plan, number>> = { free: 1, starter: 2, pro: 3, ultimate: 4 };

/** How many generations (and, counted apart, upscales) a plan runs at once: its qMax + 1. */
export const runsAtOnce = (plan: Plan): number => PLAN_QUEUE_MAX[plan] + 1;

/** "Free 2, Starter 3, Pro 4, Ultimate 5": each plan with how many creates it runs at once. */
export const RUNS_AT_ONCE_BY_PLAN = PLANS.map((plan) => `${plan.charAt(0).toUpperCase()}${plan.slice(1)} ${runsAtOnce(plan)}`).join(', ');
