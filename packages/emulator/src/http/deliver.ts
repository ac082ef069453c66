import type { ServerResponse } from 'node:http';
import type { FaultRule } from '../faults';
import type { Timers } from '../timers';
import type { Reply } from './reply';

/**
 * Sends a reply, honouring the faults that act on the answer: `drop` closes the connection
 * instead (the work is done and charged), `slow` sends the body in pieces over `delayMs`.
 */
export async function deliver(res: ServerResponse, reply: Reply, fault: FaultRule | undefined, timers: Timers): Promise<void> {
  if (res.destroyed) return; // the client left; nothing to send to
  if (fault?.kind === 'drop') {
    res.socket?.destroy();
    return;
  }
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': body.length });
  if (fault?.kind !== 'slow' || body.length === 0) {
    res.end(body);
    return;
  }
  const pieces = Math.min(10, body.length);
  const pause = (fault.delayMs ?? 2000) / pieces;
  const size = Math.ceil(body.length / pieces);
  for (let offset = 0; offset < body.length; offset += size) {
    await timers.sleep(pause);
    if (res.destroyed) return;
    res.write(body.subarray(offset, offset + size));
  }
  res.end();
}
