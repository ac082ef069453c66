import type { App, Call } from './app';
import { tooManyRequests, type Reply } from './http/reply';

/** Which limit a route compares the shared rate with. */
export type LimitFamily = 'create' | 'read' | 'upload';

/**
 * Runs the per-IP limiter for a route: sets the `X-RateLimit-*` headers on the answer (whatever
 * it turns out to be) and answers 429 when the limit is reached. Upload has its own counter.
 * Turned off, it still counts and sets the headers (as the real server always does) but never refuses.
 */
export function limitRate(app: App, call: Call, family: LimitFamily): Reply | undefined {
  const settings = app.config.rateLimit;
  const decision = app.limiter.take(family === 'upload' ? 'uapi' : 'api', call.ip, settings[family], settings.windowMs);
  call.res.setHeader('X-RateLimit-Limit', String(decision.limit));
  call.res.setHeader('X-RateLimit-Remaining', String(decision.remaining));
  call.res.setHeader('X-RateLimit-Reset', String(decision.reset));
  return decision.allowed || !settings.enabled ? undefined : tooManyRequests(settings.windowMs);
}
