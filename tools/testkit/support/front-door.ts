/**
 * The API origin as the integrations see it in the fault suites: a small HTTP reverse proxy in
 * front of the emulator's API that
 * - records every request it passes on WITH its body (the emulator's request log keeps headers
 *   only), so a test can tell which input each create was sent for;
 * - can go down (stop listening and cut every open connection, as a crashed server does) and come
 *   back up on the same port, while the emulator behind it keeps its accounts, jobs and ledger.
 *
 * It changes nothing else: a connection the emulator drops is dropped here too, a slow body stays
 * slow, and a client that leaves makes the proxy leave the emulator (whose job then goes on, as the
 * real server's does).
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request that reached the front door. */
export interface DoorRecord {
  at: number;
  method: string;
  path: string;
  /** The request body as received. */
  body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json?: Record<string, unknown>;
  /** The status the emulator answered, 0 when the connection ended without a complete answer. */
  status: number;
}

/** Connection headers are per hop: never passed through a proxy. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

const withoutHopHeaders = (headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));

export class FrontDoor {
  readonly records: DoorRecord[] = [];
  /** Called with each request as it arrives, before it is passed on (tests use it to crash mid-run). */
  readonly onRequest: Array<(record: DoorRecord) => void> = [];
  private readonly sockets = new Set<Socket>();
  private readonly agent = new http.Agent({ keepAlive: false });
  private listening = false;

  private constructor(
    private readonly server: http.Server,
    private readonly target: URL,
    readonly port: number,
  ) {}

  /** Opens a front door on a free port of 127.0.0.1 for the API at `target` (the emulator's `url`). */
  static async open(target: string): Promise<FrontDoor> {
    const server = http.createServer({ keepAlive: true });
    server.timeout = 0;
    server.requestTimeout = 0;
    await listen(server, 0);
    const door = new FrontDoor(server, new URL(target), (server.address() as AddressInfo).port);
    door.listening = true;
    server.on('request', (req, res) => door.forward(req, res));
    server.on('connection', (socket) => {
      door.sockets.add(socket);
      socket.once('close', () => door.sockets.delete(socket));
    });
    return door;
  }

  /** The origin clients use: `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isUp(): boolean {
    return this.listening;
  }

  /** The server crashes: new connections are refused, open ones (and the requests on them) are cut. */
  async down(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** The server is back, on the same port. */
  async up(): Promise<void> {
    if (this.listening) return;
    await listen(this.server, this.port);
    this.listening = true;
  }

  /** The create requests (generate and upscale) that reached the door, oldest first. */
  creates(kind: 'generate' | 'upscale' = 'generate'): DoorRecord[] {
    const path = kind === 'generate' ? /^\/v1\/image\/(generation\/create|generate)$/ : /^\/v1\/image\/upscale(\/create)?$/;
    return this.records.filter((r) => r.method === 'POST' && path.test(r.path));
  }

  /** Forgets the records (between tests). */
  reset(): void {
    this.records.length = 0;
    this.onRequest.length = 0;
  }

  async close(): Promise<void> {
    await this.down();
    this.agent.destroy();
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record: DoorRecord = { at: Date.now(), method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, body, status: 0 };
      record.json = parseJson(req.headers['content-type'], body);
      this.records.push(record);
      for (const listener of this.onRequest) listener(record);
      if (res.destroyed) return; // a listener took the door down

      // The options form only: zapier-platform-core patches http.request in its process and drops
      // the options of the (url, options) form.
      const upstream = http.request({
        hostname: this.target.hostname,
        port: this.target.port,
        path: req.url ?? '/',
        method: req.method,
        headers: withoutHopHeaders(req.headers),
        agent: this.agent,
      });
      upstream.on('response', (answer) => {
        res.writeHead(answer.statusCode ?? 502, withoutHopHeaders(answer.headers));
        answer.pipe(res);
        answer.on('end', () => {
          if (answer.complete) record.status = answer.statusCode ?? 0;
        });
        // The emulator cut the answer short: cut the client too.
        answer.on('aborted', () => res.destroy());
        answer.on('error', () => res.destroy());
      });
      // The emulator dropped the connection: so does the door (never a made-up 502).
      upstream.on('error', () => res.destroy());
      // The client left (or the door went down): leave the emulator too; its job goes on.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    });
  }
}

function parseJson(contentType: string | undefined, body: Buffer): Record<string, unknown> | undefined {
  if (!contentType?.toLowerCase().includes('json') || body.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
