import { createServer } from 'node:net';

/**
 * Whether a server could listen on `host:port` right now, found by listening there for a moment.
 *
 * A connect probe (isPortOpen) sees only listeners. An outgoing connection that the kernel gave this port as its
 * local end also blocks a listener's bind, and in the ephemeral range (32768–60999 on Linux) that happens:
 * PostgreSQL then stops with "could not create any TCP/IP sockets". Binding is the only probe that sees both.
 */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
