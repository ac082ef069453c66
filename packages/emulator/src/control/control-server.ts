import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/body';
import type { Origin } from '../http/request-log';
import type { EmulatorControl } from './control';

type Params = Record<string, string>;
type Operation = (control: EmulatorControl, params: Params, body: any, query: URLSearchParams) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The control surface over HTTP JSON, on its own port (never on the public API's). Each route
 * calls the `EmulatorControl` method of the same name.
 */
export const CONTROL_ROUTES: Array<[method: string, pattern: string, operation: Operation]> = [
  ['POST', '/accounts', (c, _p, body) => c.createAccount(body ?? {})],
  ['GET', '/accounts/:token/credits', (c, p) => ({ credits: c.credits(p.token) })],
  ['PUT', '/accounts/:token/credits', (c, p, body) => (c.setCredits(p.token, body?.credits), { credits: c.credits(p.token) })],
  ['PUT', '/accounts/:token/plan', (c, p, body) => (c.setPlan(p.token, body?.plan), { plan: body?.plan })],
  ['PUT', '/accounts/:token/banned', (c, p, body) => (c.setBanned(p.token, body?.banned), { banned: Boolean(body?.banned) })],
  ['GET', '/accounts/:token/usage', (c, p) => c.usage(p.token)],
  ['GET', '/demo-accounts', (c) => c.demoAccounts()],
  ['GET', '/render-stats', (c) => c.renderStats()],
  ['GET', '/config', (c) => c.config()],
  ['PATCH', '/config', (c, _p, body) => c.configure(body ?? {})],
  ['GET', '/faults', (c) => c.faults()],
  ['POST', '/faults', (c, _p, body) => (c.injectFaults(body), c.faults())],
  ['DELETE', '/faults', (c) => (c.clearFaults(), [])],
  ['GET', '/ledger', (c, _p, _b, q) => c.ledger({ token: q.get('token') ?? undefined })],
  ['GET', '/requests', (c, _p, _b, q) => c.requests({ origin: (q.get('origin') as Origin | null) ?? undefined })],
  ['PATCH', '/outputs/:id', (c, p, body) => (c.updateOutput(p.id, body ?? {}), { ok: true })],
  ['POST', '/reset', (c) => (c.reset(), { ok: true })],
];

function match(pattern: string, path: string): Params | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

const send = (res: ServerResponse, status: number, value: unknown) => {
  const body = JSON.stringify(value ?? null);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
};

/** The control server: `GET /` lists its routes; bad input is `400 {"error": "<what is wrong>"}`. */
export function controlHandler(control: EmulatorControl) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://control');
    if (req.method === 'GET' && url.pathname === '/') {
      send(res, 200, { routes: CONTROL_ROUTES.map(([method, pattern]) => `${method} ${pattern}`) });
      return;
    }
    for (const [method, pattern, operation] of CONTROL_ROUTES) {
      const params = req.method === method ? match(pattern, url.pathname) : undefined;
      if (!params) continue;
      try {
        const text = (await readBody(req)).toString('utf8');
        const body: unknown = text ? JSON.parse(text) : undefined;
        send(res, method === 'POST' && pattern === '/accounts' ? 201 : 200, operation(control, params, body, url.searchParams));
      } catch (err) {
        send(res, 400, { error: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    send(res, 404, { error: `no control route ${req.method} ${url.pathname}; GET / lists them` });
  };
}
