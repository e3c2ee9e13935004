import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { InboundWebhookScheme, IncomingHeaders, SignatureVerdict } from './inbound-webhook-scheme';
import { webhookEnvelopeSchema } from './standard-webhooks-envelope';

const signatureHeaders = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/**
 * Verifies a Standard Webhooks signature over the raw body with the `standardwebhooks` package: HMAC-SHA256
 * compared in constant time, timestamp within ±5 minutes. The body is not parsed here: a correctly signed body
 * that is not JSON is reported by the caller as malformed, not as a bad signature.
 */
export function createWebhookSignatureVerifier(secret: string) {
  const webhook = new Webhook(secret);
  return (rawBody: string, headers: IncomingHeaders): SignatureVerdict & { eventId?: string } => {
    const present: Record<string, string> = {};
    const missing: string[] = [];
    for (const name of signatureHeaders) {
      const value = headers[name];
      if (typeof value === 'string' && value !== '') present[name] = value;
      else missing.push(name);
    }
    if (missing.length > 0) {
      return { valid: false, problem: 'missing', message: `missing header(s): ${missing.join(', ')}` };
    }
    try {
      webhook.verify(rawBody, present, { jsonParse: false });
      return { valid: true, eventId: present['webhook-id']! };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      if (/too old|too new/.test(error.message)) {
        return {
          valid: false,
          problem: 'stale',
          message: `webhook-timestamp is outside the ±5 minute tolerance (${error.message.toLowerCase()})`,
        };
      }
      if (/Invalid Signature Headers/.test(error.message)) {
        return { valid: false, problem: 'invalid', message: 'webhook-timestamp is not a Unix timestamp' };
      }
      return { valid: false, problem: 'invalid', message: 'webhook-signature does not match the body' };
    }
  };
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
