import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** A listening bridge. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8090`. */
  url: string;
  server: Server;
  /** Stops accepting connections, lets requests in flight finish (up to `graceMs`), then closes the rest. */
  close(graceMs?: number): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once the socket is bound. */
export function listen(app: Express, options: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host, (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        server,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
