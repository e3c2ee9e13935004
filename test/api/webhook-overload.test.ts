import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

let stack: LoudwireTestStack;

beforeAll(async () => {
  // Two Temporal calls in flight at most, so a burst of concurrent webhooks must overflow it.
  stack = await startLoudwireTestStack({ WEBHOOK_MAX_IN_FLIGHT: '2' });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
});

describe('graceful overload of the webhook path (WEBHOOK_MAX_IN_FLIGHT)', () => {
  it('sheds past the bound with an immediate 503 + Retry-After, and every acknowledged event lands', async () => {
    const envelopes = Array.from({ length: 40 }, () => dealWonEnvelope());
    const answers = await Promise.all(
      envelopes.map((envelope) => postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)),
    );
    const shed = answers.filter((answer) => answer.status === 503);
    const accepted = answers.filter((answer) => answer.status === 202);
    expect(shed.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    expect(shed.length + accepted.length).toBe(envelopes.length);
    for (const answer of shed) {
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body).toMatchObject({ error: { code: 'overloaded' } });
      expect(String((answer.body.error as { message: string }).message)).toContain('at capacity (2 events');
    }

    // Every acknowledged event is held by its record's workflow.
    for (const answer of accepted) {
      const handle = stack.temporal.workflow.getHandle(answer.body.workflowId as string);
      await waitFor(`${answer.eventId} in its record`, async () => {
        const state = await handle.query(recordSyncStateQuery);
        return state.seenEventIds.includes(answer.eventId) ? true : undefined;
      });
    }

    // A shed event was never acknowledged: its sender's retry, one at a time, is accepted.
    const retried = await postSignedWebhook(
      `${stack.apiUrl}/webhooks/crm`,
      envelopes[answers.indexOf(shed[0]!)]!,
      { eventId: shed[0]!.eventId },
    );
    expect(retried.status).toBe(202);
  }, 120_000);
});

describe('the adaptive bound (WEBHOOK_LATENCY_TARGET set to a duration)', () => {
  let adaptive: LoudwireTestStack | undefined;
  afterAll(async () => {
    await adaptive?.close();
  });

  it('a burst on a fresh API meets the starting bound of 8, not WEBHOOK_MAX_IN_FLIGHT, and nothing acknowledged is lost', async () => {
    adaptive = await startLoudwireTestStack({ WEBHOOK_LATENCY_TARGET: '50ms', WEBHOOK_MAX_IN_FLIGHT: '64' });
    await adaptive.startWorker();
    const envelopes = Array.from({ length: 100 }, () => dealWonEnvelope());
    const answers = await Promise.all(
      envelopes.map((envelope) => postSignedWebhook(`${adaptive!.apiUrl}/webhooks/crm`, envelope)),
    );
    const shed = answers.filter((answer) => answer.status === 503);
    const accepted = answers.filter((answer) => answer.status === 202);
    expect(shed.length + accepted.length).toBe(envelopes.length);
    expect(shed.length).toBeGreaterThan(0);
    const bounds = shed.map((answer) => {
      const message = String((answer.body.error as { message: string }).message);
      const match = /at capacity \((\d+) events in flight, at most 64\)/.exec(message);
      expect(match, message).not.toBeNull();
      return Number(match![1]);
    });
    // The bound moves with Temporal's answers, but a burst of 100 cannot have pushed it past 8 doublings' worth.
    expect(Math.min(...bounds)).toBeLessThanOrEqual(8);
    for (const answer of accepted) {
      const handle = adaptive.temporal.workflow.getHandle(answer.body.workflowId as string);
      await waitFor(`${answer.eventId} in its record`, async () => {
        const state = await handle.query(recordSyncStateQuery);
        return state.seenEventIds.includes(answer.eventId) ? true : undefined;
      });
    }
  }, 120_000);
});
