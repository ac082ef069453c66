import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeJpeg, makePng } from './images';

interface Asset {
  status?: number;
  headStatus?: number;
  contentType: string;
  body: Buffer;
  /** Content-Length announced on HEAD (defaults to the body's; `none`: no Content-Length at all). */
  headLength?: number | 'none';
}

const MiB = 1024 * 1024;

/** What the test image host serves: good images and each way an input URL can fail the server's checks. */
export const ASSETS: Record<string, Asset> = {
  '/ok.jpg': { contentType: 'image/jpeg', body: makeJpeg(200, 100, 60) },
  '/ok.png': { contentType: 'image/png', body: makePng(300, 200) },
  '/head-404.jpg': { headStatus: 404, contentType: 'image/jpeg', body: makeJpeg(32, 32) },
  '/announced-11mib.jpg': { headLength: 11 * MiB, contentType: 'image/jpeg', body: makeJpeg(32, 32) },
  '/announced-6mib.jpg': { headLength: 6 * MiB, contentType: 'image/jpeg', body: makeJpeg(32, 32) },
  '/charset.jpg': { contentType: 'image/jpeg; charset=binary', body: makeJpeg(32, 32) },
  '/octet.jpg': { contentType: 'application/octet-stream', body: makeJpeg(32, 32) },
  '/no-length.jpg': { headLength: 'none', contentType: 'image/jpeg', body: makeJpeg(32, 32) },
  '/over-1mp.png': { contentType: 'image/png', body: makePng(1100, 1000) },
  '/exactly-1mp.png': { contentType: 'image/png', body: makePng(1024, 1024) },
};

/** A local image host for `init_image_url` and upscale URLs; records what it was asked. */
export async function startImageServer(): Promise<{ url: string; requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>; close(): Promise<void> }> {
  const requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }> = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const asset = ASSETS[req.url ?? ''];
    if (!asset) {
      res.writeHead(404).end('missing');
      return;
    }
    const head = req.method === 'HEAD';
    const status = head ? (asset.headStatus ?? 200) : (asset.status ?? 200);
    const length = head ? (asset.headLength ?? asset.body.length) : asset.body.length;
    res.writeHead(status, { 'Content-Type': asset.contentType, ...(length !== 'none' && { 'Content-Length': length }) });
    res.end(head ? undefined : asset.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
