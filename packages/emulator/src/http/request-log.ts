import type { IncomingMessage, ServerResponse } from 'node:http';

/** Which server answered: the API, or the image CDN. */
export type Origin = 'api' | 'cdn';

/** One request as a server received it, with the status it answered (0: the connection was dropped). */
export interface RequestRecord {
  at: string;
  origin: Origin;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names in lower case, as received. */
  headers: Record<string, string>;
  status: number;
  /** How long the answer took, from arrival to its last byte (or the connection's close). */
  ms: number;
}

/** The requests both public servers received, oldest first, up to a limit. */
export class RequestLog {
  private records: RequestRecord[] = [];

  constructor(private readonly limit: () => number) {}

  /** Records `req` once its answer is finished (or the connection closes without one). */
  track(origin: Origin, req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const record: RequestRecord = {
      at: new Date().toISOString(),
      origin,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
      status: 0,
      ms: 0,
    };
    const started = performance.now();
    res.once('close', () => {
      record.status = res.writableFinished ? res.statusCode : 0;
      record.ms = performance.now() - started;
      this.records.push(record);
      const excess = this.records.length - this.limit();
      if (excess > 0) this.records.splice(0, excess);
    });
  }

  list(origin?: Origin): RequestRecord[] {
    return this.records.filter((r) => !origin || r.origin === origin).map((r) => ({ ...r }));
  }

  clear(): void {
    this.records = [];
  }
}
