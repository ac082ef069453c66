import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app';
import { deliver } from '../http/deliver';
import { badGateway, tooManyRequests, unknownError, type Reply } from '../http/reply';

const IMAGE_PATH = /^\/([0-9a-f-]{36})\.jpeg$/;

const plain = (status: number, text: string): Reply => ({ status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text });

/**
 * The image CDN (like b.stablecog.com): its own origin, no auth, `GET /<uuid>.jpeg`. Images are
 * rendered and encoded on first request (on a render thread) and cached.
 */
export function cdnHandler(app: App) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    app.log.track('cdn', req, res);
    const fault = app.faults.take('cdn');
    const send = (reply: Reply) => deliver(res, reply, fault, app.timers).catch(() => res.socket?.destroy());
    switch (fault?.kind) {
      case 'drop-before':
        req.socket.destroy();
        return;
      case '429':
        void send(tooManyRequests());
        return;
      case '500':
        void send(unknownError());
        return;
      case '502':
        void send(badGateway());
        return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      void send({ ...plain(405, 'Method Not Allowed'), headers: { Allow: 'GET, HEAD' } });
      return;
    }
    const id = IMAGE_PATH.exec(new URL(req.url ?? '/', 'http://cdn').pathname)?.[1];
    // Drawn on a render thread: the API's event loop stays free while a first download renders.
    void (id ? app.images.jpeg(id) : Promise.resolve(undefined)).then(
      (bytes) =>
        send(
          bytes
            ? { status: 200, headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'public, max-age=31536000, immutable', ETag: `"${id}"` }, body: bytes }
            : plain(404, 'Not Found'),
        ),
      () => res.socket?.destroy(),
    );
  };
}
