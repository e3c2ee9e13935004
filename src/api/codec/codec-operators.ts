import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { CodecOperator } from '../../config/payload-encryption-settings';

/** The codec session cookie: the operator's token, HttpOnly and SameSite=Strict, sent only to `/codec`. */
export const codecSessionCookieName = 'loudwire_codec';
export const codecSessionCookiePath = '/codec';
export const codecSessionMaxAgeMs = 8 * 3_600_000;

/** Finds the operator a token belongs to, comparing digests in constant time. */
export function createOperatorLookup(operators: readonly CodecOperator[]) {
  const digests = operators.map((operator) => ({ operator, digest: digestOf(operator.token) }));
  return function operatorOf(token: string | undefined): CodecOperator | undefined {
    if (!token) return undefined;
    const digest = digestOf(token);
    let found: CodecOperator | undefined;
    for (const candidate of digests) {
      if (timingSafeEqual(candidate.digest, digest)) found = candidate.operator;
    }
    return found;
  };
}

/** `Authorization: Bearer <token>` (the temporal CLI's `--codec-auth`), else the session cookie (the Web UI). */
export function presentedCodecToken(request: Request): string | undefined {
  const header = request.get('authorization');
  const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (bearer) return bearer[1];
  for (const part of (request.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === codecSessionCookieName) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
