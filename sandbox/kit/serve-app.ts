import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface ServedApp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (0 = any free port) and resolves once the port is bound. */
export function serveApp(app: Express, options: { host: string; port: number }): Promise<ServedApp> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((resolveClose, rejectClose) => {
            server.close((error) => (error ? rejectClose(error) : resolveClose()));
            // Keep-alive and deliberately slow requests would otherwise hold shutdown open.
            server.closeAllConnections();
          }),
      });
    });
  });
}
