/** Plans, as the real server names its subscription roles. */
export type Plan = 'free' | 'starter' | 'pro' | 'ultimate';
export const PLANS: readonly Plan[] = ['free', 'starter', 'pro', 'ultimate'];

/** The per-IP limiter's settings: requests per sliding window, per route family. */
export interface RateLimitSettings {
  enabled: boolean;
  /** Limit of create and upscale (the real server: 10 per second). */
  create: number;
  /** Limit of the other `api` routes: outputs, models, defaults, credits (20 per second). */
  read: number;
  /** Limit of upload, which has its own counter (about 4 per second). */
  upload: number;
  windowMs: number;
}

/** Everything `control.configure` can change while the emulator runs. */
export interface RuntimeConfig {
  /** How long a generation blocks before it answers. */
  latencyMs: number;
  /** How long an upscale blocks (defaults to `latencyMs`). */
  upscaleLatencyMs?: number;
  rateLimit: RateLimitSettings;
  /** Plan maximum `qMax` per plan: qMax + 1 creates run at once per user and kind, the rest wait. */
  slots: Record<Plan, number>;
  /** More waiting requests than this (per user) get `400 queue_limit_reached`. */
  overflowLimit: number;
  /** Limit on fetching `init_image_url` and upscale URLs (the real server has none). */
  remoteFetchTimeoutMs: number;
  /** How many requests the log keeps (oldest dropped first). */
  requestLogLimit: number;
}

/** What `configure` accepts: any subset; `rateLimit: false` turns the limiter off. */
export interface ConfigPatch {
  latencyMs?: number;
  upscaleLatencyMs?: number;
  rateLimit?: boolean | Partial<RateLimitSettings>;
  slots?: Partial<Record<Plan, number>>;
  overflowLimit?: number;
  remoteFetchTimeoutMs?: number;
  requestLogLimit?: number;
}

export function defaultConfig(): RuntimeConfig {
  return {
    latencyMs: 1000,
    rateLimit: { enabled: true, create: 10, read: 20, upload: 4, windowMs: 1000 },
    slots: { free: 1, starter: 2, pro: 3, ultimate: 4 },
    overflowLimit: 50,
    remoteFetchTimeoutMs: 30_000,
    requestLogLimit: 10_000,
  };
}

const nonNegative = (name: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a number >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
};

/** Applies a patch in place, checking every value (a bad one throws before anything changes). */
export function applyConfig(config: RuntimeConfig, patch: ConfigPatch): void {
  const next: RuntimeConfig = { ...config, rateLimit: { ...config.rateLimit }, slots: { ...config.slots } };
  for (const key of ['latencyMs', 'upscaleLatencyMs', 'overflowLimit', 'remoteFetchTimeoutMs', 'requestLogLimit'] as const) {
    if (patch[key] !== undefined) next[key] = nonNegative(key, patch[key]);
  }
  if (typeof patch.rateLimit === 'boolean') next.rateLimit.enabled = patch.rateLimit;
  else if (patch.rateLimit) {
    const { enabled, ...limits } = patch.rateLimit;
    if (enabled !== undefined) next.rateLimit.enabled = Boolean(enabled);
    for (const [key, value] of Object.entries(limits)) {
      if (!(key in next.rateLimit)) throw new TypeError(`rateLimit.${key} is not a setting`);
      (next.rateLimit as unknown as Record<string, number>)[key] = nonNegative(`rateLimit.${key}`, value);
    }
  }
  for (const [plan, value] of Object.entries(patch.slots ?? {})) {
    if (!PLANS.includes(plan as Plan)) throw new TypeError(`slots.${plan} is not a plan (${PLANS.join(', ')})`);
    next.slots[plan as Plan] = nonNegative(`slots.${plan}`, value);
  }
  Object.assign(config, next);
}
