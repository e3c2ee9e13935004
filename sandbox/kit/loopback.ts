import type { RequestHandler } from 'express';

/**
 * True for loopback peers only: 127.0.0.0/8, ::1 and IPv4-mapped 127.x. The control plane can wipe data and
 * inject failures, so it must never answer anything that reached the sandbox over a network.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const normalized = address.toLowerCase();
  if (normalized === '::1' || normalized === '0:0:0:0:0:0:0:1') return true;
  const ipv4 = normalized.startsWith('::ffff:') ? normalized.slice('::ffff:'.length) : normalized;
  const octets = ipv4.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}

/**
 * Refuses non-loopback callers with 403. Reads the socket's peer address, never `X-Forwarded-For`, so a
 * header cannot talk its way in.
 */
export const loopbackOnly: RequestHandler = (req, res, next) => {
  if (isLoopbackAddress(req.socket.remoteAddress)) {
    next();
    return;
  }
  res.status(403).json({
    error: 'forbidden',
    message: 'The sandbox control plane only answers loopback callers',
  });
};
