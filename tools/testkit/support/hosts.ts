/**
 * Small local HTTP hosts that stand for "any host but the API's": each records the requests it
 * receives (with their headers) and answers in one of a few hostile ways.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface RecordingHost {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * How the host answers:
 * - `echo`: 500 with every request header (Authorization first) in a plain-text body (a misconfigured
 *   proxy's debug page), after `preamble`: a long one puts the token where a shortened message cuts it;
 * - `redirect`: 302 to `location`;
 * - `bytes`: 200 with `body` as `image/png` (a file a user maps, whatever it really is).
 */
export type HostBehaviour =
  | { kind: 'echo'; preamble?: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'bytes'; body: Uint8Array };

export async function startHost(behaviour: HostBehaviour): Promise<RecordingHost> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    req.resume();
    if (behaviour.kind === 'echo') {
      // Credentials first, as debug pages like to show them: so that even a shortened echo holds them.
      const headers = Object.entries(req.headers).sort(([a], [b]) => Number(b === 'authorization') - Number(a === 'authorization'));
      const body = headers.map(([name, value]) => `${name}: ${String(value)}`).join('\n');
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${behaviour.preamble ?? ''}${body}\n${req.method} ${req.url}\n`);
    } else if (behaviour.kind === 'redirect') {
      res.writeHead(302, { Location: behaviour.location }).end();
    } else {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': behaviour.body.byteLength }).end(Buffer.from(behaviour.body));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
