import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { developmentDefaults } from '../src/config/development-defaults';

/** What the sender saw, over the whole run. */
export interface SenderCounts {
  /** POSTs made, first deliveries, redeliveries and retries together. */
  posts: number;
  accepted: number;
  /** 202 answers that said `duplicate: true` (a redelivery Loudwire recognised). */
  duplicates: number;
  /** Answers 503/5xx, refused connections and timeouts, each retried like a webhook sender retries. */
  retried: number;
  byStatus: Record<string, number>;
}

const answerTimeoutMs = 15_000;
/** A sender gives up on one event after this long; a chaos run never should reach it. */
const giveUpAfterMs = 10 * 60_000;

/**
 * Delivers signed `deal.won` webhooks the way a Standard Webhooks sender does: each attempt signed afresh (a
 * redelivery minutes later carries a new timestamp, the same `webhook-id` and body), and every answer other than
 * 2xx — a 503 while Temporal is down, a refused connection while the API restarts — retried with backoff.
 */
export class WebhookSender {
  readonly counts: SenderCounts = { posts: 0, accepted: 0, duplicates: 0, retried: 0, byStatus: {} };
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly signer = new Webhook(developmentDefaults.CRM_WEBHOOK_SECRET!);

  constructor(private readonly webhookUrl: string) {}

  /** Resolves once Loudwire answered 2xx; rejects only if it never did within ten minutes. */
  async deliver(eventId: string, body: string): Promise<void> {
    const startedAt = Date.now();
    let backoffMs = 250;
    for (;;) {
      const status = await this.post(eventId, body);
      this.counts.posts += 1;
      this.counts.byStatus[status] = (this.counts.byStatus[status] ?? 0) + 1;
      if (typeof status === 'number' && status >= 200 && status < 300) return;
      if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429) {
        throw new Error(`webhook ${eventId} refused with ${status}: the generator sent something invalid`);
      }
      if (Date.now() - startedAt > giveUpAfterMs) {
        throw new Error(`webhook ${eventId} not accepted within ${giveUpAfterMs / 60_000} minutes`);
      }
      this.counts.retried += 1;
      await sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, 4_000);
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private post(eventId: string, body: string): Promise<number | 'refused' | 'timeout' | 'cut'> {
    const url = new URL(this.webhookUrl);
    const sentAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'webhook-id': eventId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': this.signer.sign(eventId, sentAt, body),
    };
    return new Promise((resolve) => {
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers,
          agent: this.agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('end', () => {
            const status = response.statusCode ?? 0;
            if (status === 202 && /"duplicate"\s*:\s*true/.test(Buffer.concat(chunks).toString())) {
              this.counts.duplicates += 1;
            }
            if (status >= 200 && status < 300) this.counts.accepted += 1;
            resolve(status);
          });
          response.once('error', () => resolve('cut'));
        },
      );
      outgoing.setTimeout(answerTimeoutMs, () => {
        outgoing.destroy();
        resolve('timeout');
      });
      outgoing.once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'cut'),
      );
      outgoing.end(body);
    });
  }
}
