/** The axios transport's own promises, against small real servers that misbehave on purpose. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createAxiosTransport, credits, Stablecog, TransportFailure, UnexpectedResponseError, ValidationError } from '../../src';

const TOKEN = `sc-${'ab'.repeat(32)}`;
let server: Server;
let base: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
const received: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

const spec = credits.build(undefined);

it('does not follow a redirect (which would carry the token elsewhere)', async () => {
  handler = (req, res) => {
    if (req.url === '/elsewhere') return res.end('{}');
    res.writeHead(302, { location: `${base}/elsewhere` }).end();
  };
  const err = await new Stablecog({ apiToken: TOKEN, baseUrl: base }).credits.get().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UnexpectedResponseError);
  expect(received.map((r) => r.url)).toEqual(['/v1/credits']);
});

it('removes the token from a body that echoes the request', async () => {
  handler = (req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `bad ${req.headers.authorization}` }));
  const raw = await createAxiosTransport({ apiToken: TOKEN, baseUrl: base }).send(spec);
  expect(raw.body).toBe(JSON.stringify({ error: 'bad Bearer [redacted]' }));
  const err = await new Stablecog({ apiToken: TOKEN, baseUrl: base }).credits.get().catch((e: Error) => e);
  expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
});

it('hands back every status, lower-cased headers and the raw text', async () => {
  handler = (_req, res) => {
    res.setHeader('X-RateLimit-Remaining', '0');
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'text/plain' }).end('Too Many Requests\n');
  };
  const raw = await createAxiosTransport({ baseUrl: base }).send(spec);
  expect(raw).toMatchObject({ status: 429, body: 'Too Many Requests\n' });
  expect(raw.headers['retry-after']).toBe('1');
  expect(raw.headers['x-ratelimit-remaining']).toBe('0');
  expect(raw.headers['set-cookie']).toBe('a=1, b=2');
});

it('reports a reset connection as network, a slow one as timeout, a cancelled one as aborted', async () => {
  const transport = createAxiosTransport({ apiToken: TOKEN, baseUrl: base });
  handler = (req) => req.socket.destroy();
  await expect(transport.send(spec)).rejects.toMatchObject({ name: 'TransportFailure', kind: 'network' });
  handler = () => undefined; // never answers
  await expect(transport.send({ ...spec, timeoutMs: 100 })).rejects.toMatchObject({ kind: 'timeout', message: expect.stringContaining('within 100 ms') });
  const failure = await transport.send(spec, AbortSignal.timeout(50)).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(TransportFailure);
  expect(failure).toMatchObject({ kind: 'aborted' });
  expect((failure as Error).cause).toBeUndefined();
});

it('refuses a baseUrl that is not an http(s) URL, before any request', () => {
  expect(() => new Stablecog({ baseUrl: 'api.stablecog.com' })).toThrow(ValidationError);
  expect(() => new Stablecog({ baseUrl: 'ftp://x' })).toThrow('baseUrl: must be an http(s) URL (got "ftp://x")');
});

it('keeps the token out of the client object itself', () => {
  const { inspect } = require('node:util') as typeof import('node:util');
  const client = new Stablecog({ apiToken: TOKEN, baseUrl: base });
  expect(inspect(client, { depth: Infinity, showHidden: true }) + JSON.stringify(client)).not.toContain(TOKEN.slice(3));
});
