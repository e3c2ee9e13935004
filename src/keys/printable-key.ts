import { createHash } from 'node:crypto';

/** What every target's `Idempotency-Key` and Temporal's IDs accept: 1–255 visible ASCII characters. */
const visibleAscii = /^[\x21-\x7e]+$/;
export const maxPrintableKeyLength = 255;

/**
 * A key that every target and Temporal accept, derived from one built out of sender data (a webhook-id may hold
 * spaces, tabs, non-ASCII or a thousand characters). A key that is already 1–255 visible ASCII is returned as it
 * is, so keys already sent to targets stay the same; any other becomes a readable prefix plus the SHA-256 of the
 * whole key: stable (a retry sends the same key) and unique (two different keys never share a hash).
 */
export function printableKey(key: string, maxLength = maxPrintableKeyLength): string {
  if (key.length > 0 && key.length <= maxLength && visibleAscii.test(key)) return key;
  const digest = createHash('sha256').update(key, 'utf8').digest('hex');
  const prefixLength = Math.max(0, maxLength - digest.length - 2);
  const prefix = key.replace(/[^\x21-\x7e]/g, '_').slice(0, prefixLength);
  return `${prefix}~h${digest}`;
}
