import { connect, createServer, type Server, type Socket } from 'node:net';

export type GateMode = 'closed' | 'open' | 'silent';

/**
 * A TCP forwarder in front of a real server (the Temporal dev server), standing in for the network between
 * Loudwire and Temporal. `closed`: nothing listens (connection refused, as when Temporal is down); `silent`:
 * connections are accepted and never answered (a hung host or a black-holing firewall); `open`: every byte
 * is forwarded. Switching mode cuts every existing connection, as an outage would.
 */
export interface TcpGate {
  address: string;
  mode: GateMode;
  setMode(mode: GateMode): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpGate(target: string, initialMode: GateMode, port: number): Promise<TcpGate> {
  const [targetHost, targetPort] = splitAddress(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let mode: GateMode = 'closed';

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const listen = () =>
    new Promise<Server>((resolve, reject) => {
      const listening = createServer((client) => {
        track(client);
        if (mode === 'silent') return; // accept, read nothing, answer nothing
        const upstream = connect(targetPort, targetHost);
        track(upstream);
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => resolve(listening));
    });
  const stopListening = async () => {
    for (const socket of sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  };

  const gate: TcpGate = {
    address: `127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    async setMode(next) {
      await stopListening();
      mode = next;
      if (next !== 'closed') server = await listen();
    },
    close: stopListening,
  };
  await gate.setMode(initialMode);
  return gate;
}

function splitAddress(address: string): [string, number] {
  const index = address.lastIndexOf(':');
  return [address.slice(0, index), Number(address.slice(index + 1))];
}
