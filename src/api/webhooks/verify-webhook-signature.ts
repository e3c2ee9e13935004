import { standardWebhooksKey, standardWebhooksSignatureMatches } from './standard-webhooks-hmac';
import { parseWebhookTimestamp } from './strict-webhook-timestamp';

export type SignatureVerdict =
  | { valid: true; eventId: string }
  | { valid: false; problem: 'missing' | 'stale' | 'invalid'; message: string };

const signatureHeaders = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;
/** Standard Webhooks' tolerance between the sender's clock and ours. */
const toleranceSeconds = 5 * 60;

/**
 * Verifies a Standard Webhooks signature over the raw body bytes: HMAC-SHA256 compared in constant time, a strict
 * `webhook-timestamp` within ±5 minutes. The body is not parsed here: a correctly signed body that is not JSON is
 * reported by the caller as malformed, not as a bad signature.
 */
export function createWebhookSignatureVerifier(secret: string) {
  const key = standardWebhooksKey(secret);
  return (
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
    nowMs = Date.now(),
  ): SignatureVerdict => {
    const missing = signatureHeaders.filter((name) => headers[name] === undefined || headers[name] === '');
    if (missing.length > 0) {
      return { valid: false, problem: 'missing', message: `missing header(s): ${missing.join(', ')}` };
    }
    const id = headers['webhook-id'];
    const signature = headers['webhook-signature'];
    if (typeof id !== 'string' || typeof signature !== 'string') {
      return {
        valid: false,
        problem: 'invalid',
        message: 'webhook-id and webhook-signature must be sent once',
      };
    }
    const timestamp = parseWebhookTimestamp(headers['webhook-timestamp']);
    if (!timestamp.ok) return { valid: false, problem: 'invalid', message: timestamp.reason };
    const skew = Math.floor(nowMs / 1000) - timestamp.seconds;
    if (Math.abs(skew) > toleranceSeconds) {
      return {
        valid: false,
        problem: 'stale',
        message: `webhook-timestamp is outside the ±5 minute tolerance (message timestamp too ${skew > 0 ? 'old' : 'new'})`,
      };
    }
    // Node hands header values over as latin1 text: these are the bytes the sender signed.
    const idBytes = Buffer.from(id, 'latin1');
    const signed = { id: idBytes, timestamp: timestamp.text, body: rawBody };
    if (!standardWebhooksSignatureMatches(key, signed, signature)) {
      return { valid: false, problem: 'invalid', message: 'webhook-signature does not match the body' };
    }
    return { valid: true, eventId: decodeEventId(idBytes) };
  };
}

/** The event ID as the sender wrote it: UTF-8 when its bytes are UTF-8, else byte for byte. */
function decodeEventId(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}
