import { Webhook } from 'standardwebhooks';
import type { InboundWebhookScheme, IncomingHeaders, SignatureVerdict } from './inbound-webhook-scheme';
import { webhookEnvelopeSchema } from './standard-webhooks-envelope';
import { standardWebhooksKey, standardWebhooksSignatureMatches } from './standard-webhooks-hmac';
import { parseWebhookTimestamp } from './strict-webhook-timestamp';

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
  return (rawBody: Buffer, headers: IncomingHeaders, nowMs = Date.now()): SignatureVerdict => {
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
    // A non-ASCII webhook-id is signed as the bytes on the wire by most senders, but as the UTF-8 of the text by a
    // Node sender whose HTTP client wrote that text as latin1: both signatures need the secret, so both count.
    const idCandidates = idBytes.some((byte) => byte >= 0x80)
      ? [idBytes, Buffer.from(id, 'utf8')]
      : [idBytes];
    const matches = idCandidates.some((candidate) =>
      standardWebhooksSignatureMatches(
        key,
        { id: candidate, timestamp: timestamp.text, body: rawBody },
        signature,
      ),
    );
    if (!matches) {
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

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-id` / `webhook-timestamp` / `webhook-signature` headers, a
 * `whsec_` secret, and the envelope `{type, timestamp, data}`. Any system that sends them declares this scheme.
 */
export const standardWebhooks: InboundWebhookScheme = {
  name: 'Standard Webhooks',
  checkSecret(secret) {
    if (!secret.startsWith('whsec_')) return 'must be a Standard Webhooks secret (whsec_…)';
    try {
      new Webhook(secret);
      return undefined;
    } catch {
      return 'must be a Standard Webhooks secret: whsec_ followed by base64';
    }
  },
  createVerifier: createWebhookSignatureVerifier,
  readEnvelope(body, verified) {
    const envelope = webhookEnvelopeSchema.safeParse(body);
    if (!envelope.success) {
      return {
        valid: false,
        message: 'Body is not a webhook envelope {type, timestamp, data}',
        issues: envelope.error.issues.map((issue) => ({
          path: issue.path.join('.') || '(body)',
          reason: issue.message,
        })),
      };
    }
    const { type, timestamp, data } = envelope.data;
    return { valid: true, event: { eventId: verified.eventId!, type, occurredAt: timestamp, data } };
  },
};
