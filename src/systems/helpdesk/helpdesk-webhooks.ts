import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { InboundWebhookScheme, SignatureVerdict } from '../kit/inbound-webhook-scheme';
import { singleHeader } from '../kit/inbound-webhook-scheme';

/** Like Standard Webhooks: a signature older or newer than this is refused (replays of old requests). */
const toleranceSeconds = 5 * 60;

/** The helpdesk's webhook body: the event ID travels in the body, so a redelivery carries the same one. */
const helpdeskEventSchema = z.object({
  id: z.string().min(1, 'must be the event ID (hde_…)'),
  event: z.string().min(1, 'must be a non-empty event type, e.g. "ticket.escalated"'),
  createdAt: z.number({ error: 'must be epoch milliseconds' }).int().nonnegative(),
  ticket: z.unknown().refine((ticket) => ticket !== undefined, 'is required'),
});

/** `sha256=<lowercase hex HMAC-SHA256 of "<timestamp>.<raw body>">`, keyed with the secret's UTF-8 bytes. */
export function helpdeskSignature(secret: string, timestampSeconds: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`;
}

/**
 * The helpdesk's own signature scheme (not Standard Webhooks): `X-Helpdesk-Timestamp` (Unix seconds) and
 * `X-Helpdesk-Signature: sha256=<hex>` over `"<timestamp>.<raw body>"` with HELPDESK_WEBHOOK_SECRET, compared in
 * constant time, timestamp within ±5 minutes. The envelope is `{id, event, createdAt, ticket}`; integrations map
 * `{ticket}`.
 */
export const helpdeskWebhooks: InboundWebhookScheme = {
  name: 'Helpdesk HMAC (X-Helpdesk-Signature)',
  checkSecret(secret) {
    return secret.length >= 16
      ? undefined
      : 'must be at least 16 characters (the HMAC key the helpdesk signs with)';
  },
  createVerifier(secret) {
    return (rawBody, headers): SignatureVerdict => {
      const timestamp = singleHeader(headers, 'x-helpdesk-timestamp');
      const signature = singleHeader(headers, 'x-helpdesk-signature');
      const missing = [
        ...(timestamp ? [] : ['x-helpdesk-timestamp']),
        ...(signature ? [] : ['x-helpdesk-signature']),
      ];
      if (missing.length > 0) {
        return { valid: false, problem: 'missing', message: `missing header(s): ${missing.join(', ')}` };
      }
      if (!/^\d{1,12}$/.test(timestamp!)) {
        return { valid: false, problem: 'invalid', message: 'x-helpdesk-timestamp is not a Unix timestamp' };
      }
      const age = Math.abs(Date.now() / 1000 - Number(timestamp));
      if (age > toleranceSeconds) {
        return {
          valid: false,
          problem: 'stale',
          message: `x-helpdesk-timestamp is outside the ±5 minute tolerance (${Math.round(age)} s off)`,
        };
      }
      const expected = Buffer.from(helpdeskSignature(secret, timestamp!, rawBody));
      const presented = Buffer.from(signature!);
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
        return { valid: false, problem: 'invalid', message: 'x-helpdesk-signature does not match the body' };
      }
      return { valid: true };
    };
  },
  readEnvelope(body) {
    const parsed = helpdeskEventSchema.safeParse(body);
    if (!parsed.success) {
      return {
        valid: false,
        message: 'Body is not a helpdesk event {id, event, createdAt, ticket}',
        issues: parsed.error.issues.map((issue) => ({
          path: issue.path.join('.') || '(body)',
          reason: issue.message,
        })),
      };
    }
    const { id, event, createdAt, ticket } = parsed.data;
    // An empty ticket is an empty payload (parked as EmptyPayload), not a ticket with every field missing.
    const empty =
      ticket === null || ticket === '' || (typeof ticket === 'object' && Object.keys(ticket).length === 0);
    return {
      valid: true,
      event: {
        eventId: id,
        type: event,
        occurredAt: new Date(createdAt).toISOString(),
        data: empty ? {} : { ticket },
      },
    };
  },
};
