import { isPortOpen } from '../dev-stack/temporal-dev-server';

/**
 * The first port from `start` (in steps of 10) at which every `offsets` port is free on `host`: for servers that
 * take a block of ports relative to one (see temporalPorts).
 */
export async function freePortBlock(host: string, start: number, offsets: number[] = [0]): Promise<number> {
  for (let port = start; port < start + 2_000; port += 10) {
    const busy = await Promise.all(offsets.map((offset) => isPortOpen(host, port + offset)));
    if (!busy.some(Boolean)) return port;
  }
  throw new Error(`No free ports between ${start} and ${start + 2_000} on ${host}`);
}
