import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Call } from '../app';
import { authenticate } from '../auth';
import { declaresTooLarge } from '../http/body';
import { clientIp } from '../http/client-ip';
import { deliver } from '../http/deliver';
import { apiError, badGateway, entityTooLarge, goText, methodNotAllowed, notFound, tooManyRequests, unknownError, type Reply } from '../http/reply';
import { limitRate, type LimitFamily } from '../rate-limit-step';
import { findRoute } from '../routes';
import { CRASH, type Route } from '../routes/route';
import { ClosedError } from '../timers';

/** The public API server: proxy limits, routing, the route's middleware, faults, the handler. */
export function apiHandler(app: App) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    app.log.track('api', req, res);
    const call: Call = { req, res, url: new URL(req.url ?? '/', 'http://api'), ip: clientIp(req) };
    handle(app, call).catch((err: unknown) => {
      if (err instanceof ClosedError) res.socket?.destroy();
      else if (!res.headersSent) void deliver(res, unknownError(), undefined, app.timers);
      else res.socket?.destroy();
    });
  };
}

async function handle(app: App, call: Call): Promise<void> {
  const send = (reply: Reply) => deliver(call.res, reply, call.fault, app.timers);
  // The ingress proxy refuses big bodies before the server sees them.
  if (declaresTooLarge(call.req)) return send(entityTooLarge());
  const route = findRoute(call.url.pathname);
  if (!route) return send(notFound());

  call.fault = app.faults.take(route.name);
  const early = earlyFault(app, call, route);
  if (early === 'drop') {
    call.req.socket.destroy();
    return;
  }
  if (early) return send(early);

  for (const step of route.steps) {
    const stop = step === 'auth' ? authenticate(app, call) : limitRate(app, call, step.limit);
    if (stop) return send(stop);
  }
  // chi answers a wrong method only after the route group's middleware ran.
  if (call.req.method !== route.method) return send(methodNotAllowed(route.method));
  const reply = await route.handle(app, call);
  if (reply === CRASH) {
    call.req.socket.destroy();
    return;
  }
  return send(reply);
}

/** What each route answers on an internal failure (models, defaults, health: only the limiter's Redis can fail). */
const INTERNAL_ERRORS: Record<Route['name'], string | undefined> = {
  generate: 'An unknown error has occured',
  upscale: 'An unknown error has occured',
  outputs: 'Error getting generations',
  credits: 'Error getting credits',
  upload: 'An unknown error has occurred',
  models: undefined,
  defaults: undefined,
  health: undefined,
};

/** Faults that strike before the route runs: nothing is charged. */
function earlyFault(app: App, call: Call, route: Route): Reply | 'drop' | undefined {
  switch (call.fault?.kind) {
    case '429': {
      // As if the limiter refused: its headers, a window from now.
      const settings = app.config.rateLimit;
      const family = route.steps.find((s): s is { limit: LimitFamily } => s !== 'auth')?.limit ?? 'read';
      call.res.setHeader('X-RateLimit-Limit', String(settings[family]));
      call.res.setHeader('X-RateLimit-Remaining', '0');
      call.res.setHeader('X-RateLimit-Reset', String(Math.ceil((Date.now() + settings.windowMs) / 1000)));
      return tooManyRequests(settings.windowMs);
    }
    case '500': {
      const error = INTERNAL_ERRORS[route.name];
      return error ? apiError(500, error) : goText(500, 'redis: connection pool timeout');
    }
    case '502':
      return badGateway();
    case 'drop-before':
      return 'drop';
    default:
      return undefined;
  }
}
