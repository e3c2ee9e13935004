import type { Request } from 'express';

/**
 * Whether the request announces a body larger than the route's limit. Checked before reading: body-parser would
 * otherwise read (and wait for) the whole announced body before refusing it — a sender declaring
 * `Content-Length: 1000000000000` and sending 2 bytes held a socket for minutes.
 */
export function declaredBodyTooLarge(request: Request, limitBytes: number): boolean {
  const declared = Number(request.get('content-length'));
  return Number.isFinite(declared) && declared > limitBytes;
}
