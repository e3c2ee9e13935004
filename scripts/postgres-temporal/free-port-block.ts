import { portIsFree } from '../dev-stack/port-is-free';

/**
 * The first port from `start` (in steps of 10) at which every `offsets` port is free on `host`: for servers that
 * take a block of ports relative to one (see temporalPorts). Keep `start` below 32768: ports in the ephemeral
 * range can be taken by any outgoing connection between this check and the server's bind.
 */
export async function freePortBlock(host: string, start: number, offsets: number[] = [0]): Promise<number> {
  for (let port = start; port < start + 2_000; port += 10) {
    const free = await Promise.all(offsets.map((offset) => portIsFree(host, port + offset)));
    if (free.every(Boolean)) return port;
  }
  throw new Error(`No free ports between ${start} and ${start + 2_000} on ${host}`);
}
