import { setTimeout as sleep } from 'node:timers/promises';
import type { SignedDealWebhook, WebhookAnswer } from './signed-deal-webhooks';

type Post = (webhook: SignedDealWebhook) => Promise<WebhookAnswer>;

/**
 * Posts a webhook as a Standard Webhooks sender does: a 503 (shed at capacity, or Temporal unavailable) is sent
 * again after its Retry-After, plus up to as much again at random so the retries of one burst do not come back as
 * one wave, until it is accepted or `deadlineMs` has passed. Any other answer is final. Resolves with the last
 * answer and the attempts made.
 */
export async function postUntilAccepted(
  post: Post,
  webhook: SignedDealWebhook,
  deadlineMs: number,
): Promise<{ answer: WebhookAnswer; attempts: number }> {
  const giveUpAt = Date.now() + deadlineMs;
  for (let attempts = 1; ; attempts++) {
    const answer = await post(webhook);
    if (answer.status !== 503) return { answer, attempts };
    const waitMs = (answer.retryAfterSeconds ?? 1) * 1000 * (1 + Math.random());
    if (Date.now() + waitMs > giveUpAt) return { answer, attempts };
    await sleep(waitMs);
  }
}
