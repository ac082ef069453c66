import type { App, Call } from '../app';
import type { FaultRoute } from '../faults';
import type { Reply } from '../http/reply';
import type { LimitFamily } from '../rate-limit-step';

/** A handler's answer when the real handler would panic: the connection is dropped with no answer. */
export const CRASH = Symbol('crash');

export type Handler = (app: App, call: Call) => Promise<Reply | typeof CRASH>;

/** What runs before the handler, in order: the auth check, or the limiter with a route's limit. */
export type Step = 'auth' | { limit: LimitFamily };

/** One route of the token API and its aliases. */
export interface Route {
  /** The name faults and the request log use. */
  name: Exclude<FaultRoute, '*' | 'cdn'>;
  method: 'GET' | 'POST';
  paths: string[];
  /** The middleware order of the real server (on create, auth runs before the limiter; on reads, after). */
  steps: Step[];
  handle: Handler;
}
