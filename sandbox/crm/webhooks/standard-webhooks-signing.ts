import { Webhook } from 'standardwebhooks';
import type { AttemptToSign } from '../../kit/webhooks/webhook-dispatcher';

/** The CRM signs with Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`. */
export function standardWebhooksSigner(secret: string): (attempt: AttemptToSign) => Record<string, string> {
  const signer = new Webhook(secret);
  return ({ eventId, body, sentAt }) => ({
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signer.sign(eventId, sentAt, body),
  });
}
