import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening server and how to stop it for good. */
export interface Listening {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/** Starts a node:http server on host:port (0: any free port). */
export async function listen(handler: http.RequestListener, host: string, port: number): Promise<Listening> {
  const server = http.createServer({ keepAlive: true }, handler);
  // Creates block for minutes: no socket timeout, and a generous keep-alive between requests.
  server.timeout = 0;
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
