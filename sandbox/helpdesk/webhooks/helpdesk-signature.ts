import { createHmac } from 'node:crypto';
import type { AttemptToSign } from '../../kit/webhooks/webhook-dispatcher';

/** Header names of the helpdesk's own signature scheme (not Standard Webhooks). */
export const helpdeskSignatureHeaders = {
  timestamp: 'x-helpdesk-timestamp',
  signature: 'x-helpdesk-signature',
  delivery: 'x-helpdesk-delivery',
} as const;

/**
 * `sha256=<lowercase hex HMAC-SHA256 of "<timestamp>.<raw body>">`, keyed with the secret's UTF-8 bytes.
 * Signing the timestamp with the body lets a receiver refuse replays of an old, validly signed request.
 */
export function helpdeskSignature(secret: string, timestampSeconds: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`;
}

/** Headers for one delivery attempt, signed afresh each time. */
export function helpdeskSigner(secret: string): (attempt: AttemptToSign) => Record<string, string> {
  return ({ deliveryId, body, sentAt }) => {
    const timestamp = String(Math.floor(sentAt.getTime() / 1000));
    return {
      [helpdeskSignatureHeaders.timestamp]: timestamp,
      [helpdeskSignatureHeaders.signature]: helpdeskSignature(secret, timestamp, body),
      [helpdeskSignatureHeaders.delivery]: deliveryId,
    };
  };
}
