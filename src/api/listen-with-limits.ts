import { createServer, type Server } from 'node:http';
import type { Express } from 'express';

/** How long a client may take, so slow or stalled clients cannot hold sockets (Node's defaults wait minutes). */
export const serverLimits = {
  /** The request line and every header must arrive within this. */
  headersTimeoutMs: 10_000,
  /**
   * The whole request, body included, must arrive within this (a body that never comes is cut here with 408).
   * It covers receiving only: a handler waiting on Temporal is not cut. A 256 KiB webhook needs well under 1 s.
   */
  requestTimeoutMs: 15_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** Requests served on one keep-alive connection before it is closed. */
  maxRequestsPerSocket: 1_000,
  /** How often Node checks the two timeouts above (its default, 30 s, would let them overrun by that much). */
  checkIntervalMs: 1_000,
} as const;

/**
 * Serves the app on `host:port` with the limits above. Malformed HTTP and the timeouts are answered by Node itself
 * (400, 408, 431, then the connection is closed): they never reach a route, so they are never an API error.
 */
export function listenWithLimits(app: Express, port: number, host: string): Promise<Server> {
  const server = createServer(
    {
      headersTimeout: serverLimits.headersTimeoutMs,
      requestTimeout: serverLimits.requestTimeoutMs,
      keepAliveTimeout: serverLimits.keepAliveTimeoutMs,
      connectionsCheckingInterval: serverLimits.checkIntervalMs,
    },
    app,
  );
  server.maxRequestsPerSocket = serverLimits.maxRequestsPerSocket;
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
