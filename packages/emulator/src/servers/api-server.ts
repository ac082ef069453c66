import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Call } from '../app';
import { authenticate } from '../auth';
import { declaresTooLarge } from '../http/body';
import { clientIp } from '../http/client-ip';
import { deliver } from '../http/deliver';
import { badGateway, entityTooLarge, methodNotAllowed, notFound, tooManyRequests, unknownError, type Reply } from '../http/reply';
import { limitRate } from '../rate-limit-step';
import { findRoute } from '../routes';
import { CRASH } from '../routes/route';
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
  const early = earlyFault(call);
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

/** Faults that strike before the route runs: nothing is charged. */
function earlyFault(call: Call): Reply | 'drop' | undefined {
  switch (call.fault?.kind) {
    case '429':
      call.res.setHeader('X-RateLimit-Remaining', '0');
      return tooManyRequests();
    case '500':
      return unknownError();
    case '502':
      return badGateway();
    case 'drop-before':
      return 'drop';
    default:
      return undefined;
  }
}

