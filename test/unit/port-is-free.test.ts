import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { portIsFree } from '../../scripts/dev-stack/port-is-free';
import { isPortOpen } from '../../scripts/dev-stack/temporal-dev-server';
import { freePortBlock } from '../../scripts/postgres-temporal/free-port-block';

// CI once lost a run to this: start:postgres's test chose a PostgreSQL port in the ephemeral range that no server
// listened on, but an outgoing connection held as its local end; PostgreSQL could not bind it.

const host = '127.0.0.1';
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function listen(port = 0): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => cleanups.push(() => socket.destroy()));
    server.listen(port, host, () => resolve(server));
    cleanups.push(() => server.close());
  });
}

/** An outgoing connection whose local port the kernel picked: the way vendor calls and gRPC hold ports. */
async function outgoingConnection(): Promise<Socket> {
  const server = await listen();
  const { port } = server.address() as { port: number };
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => resolve(socket));
    cleanups.push(() => socket.destroy());
  });
}

describe('portIsFree', () => {
  it('sees a port held as the local end of an outgoing connection, which a connect probe misses', async () => {
    const held = (await outgoingConnection()).localPort!;
    expect(await isPortOpen(host, held)).toBe(false);
    expect(await portIsFree(host, held)).toBe(false);
  });

  it('sees a listener, and frees the port it probed', async () => {
    const server = await listen();
    const { port } = server.address() as { port: number };
    expect(await portIsFree(host, port)).toBe(false);
    await new Promise((done) => server.close(done));
    expect(await portIsFree(host, port)).toBe(true);
    expect(await portIsFree(host, port)).toBe(true);
  });
});

describe('freePortBlock', () => {
  it('skips a block one of whose ports is held by an outgoing connection', async () => {
    const held = (await outgoingConnection()).localPort!;
    const chosen = await freePortBlock(host, held - 1, [0, 1]);
    expect(chosen).not.toBe(held - 1);
    expect(chosen).toBeGreaterThanOrEqual(held + 9);
    expect(await portIsFree(host, chosen)).toBe(true);
  });
});
