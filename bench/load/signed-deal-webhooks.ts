import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { developmentDefaults } from '../../src/config/development-defaults';
import { dealWonEnvelope } from '../../test/support/signed-webhook';

/** One `deal.won` webhook, signed ahead of time so signing costs nothing while load is offered. */
export interface SignedDealWebhook {
  dealId: string;
  eventId: string;
  envelope: ReturnType<typeof dealWonEnvelope>;
  rawBody: string;
  headers: Record<string, string>;
}

/** `count` webhooks for fresh deals (one new record each), signed with the development CRM secret. */
export function signDealWebhooks(count: number, runTag: string): SignedDealWebhook[] {
  const signer = new Webhook(developmentDefaults.CRM_WEBHOOK_SECRET!);
  const sentAt = new Date();
  return Array.from({ length: count }, (_, index) => {
    const envelope = dealWonEnvelope({ dealId: `deal_${runTag}${index.toString(36)}` });
    const eventId = `msg_${randomUUID()}`;
    const rawBody = JSON.stringify(envelope);
    return {
      dealId: envelope.data.deal.id,
      eventId,
      envelope,
      rawBody,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(rawBody)),
        'webhook-id': eventId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signer.sign(eventId, sentAt, rawBody),
      },
    };
  });
}

/** Answer of one webhook POST. */
export interface WebhookAnswer {
  status: number;
  /** `Retry-After` in seconds, when the answer carries one (503 overloaded or Temporal unavailable). */
  retryAfterSeconds?: number;
  /** `error.code` of a problem answer (read only for answers other than 202, so accepted ones cost nothing). */
  problemCode?: string;
}

/**
 * POSTs pre-signed webhooks over a keep-alive pool. Plain node:http rather than fetch: the generator shares two
 * cores with the system under test, so every microsecond it spends per request is charged to Loudwire.
 */
export function createWebhookPoster(webhookUrl: string) {
  const url = new URL(webhookUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const post = (webhook: SignedDealWebhook) =>
    new Promise<WebhookAnswer>((resolve, reject) => {
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: webhook.headers,
          agent,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const chunks: Buffer[] = [];
          if (status === 202) response.resume();
          else response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('end', () => resolve(readAnswer(status, response.headers['retry-after'], chunks)));
          response.once('error', reject);
        },
      );
      outgoing.setTimeout(30_000, () => outgoing.destroy(new Error('no answer within 30 s')));
      outgoing.once('error', reject);
      outgoing.end(webhook.rawBody);
    });
  return { post, close: () => agent.destroy() };
}

function readAnswer(status: number, retryAfter: string | undefined, body: Buffer[]): WebhookAnswer {
  const answer: WebhookAnswer = { status };
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) answer.retryAfterSeconds = seconds;
  if (body.length > 0) {
    try {
      const code = (JSON.parse(Buffer.concat(body).toString('utf8')) as { error?: { code?: unknown } }).error
        ?.code;
      if (typeof code === 'string') answer.problemCode = code;
    } catch {
      // Not a problem document: the status alone describes it.
    }
  }
  return answer;
}
