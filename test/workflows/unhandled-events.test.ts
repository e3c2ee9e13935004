import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unhandledEventQuery } from '../../src/workflows/unhandled-event-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// A CRM that renames `deal.won` to `deal.closed_won` must not stop the integration silently: each such event
// is kept durably (replayable once a handler exists) and the source+type raises one alert per window.

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({ ALERT_WEBHOOK_URL: sink.url, UNHANDLED_EVENT_ALERT_WINDOW: '3s' });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

const unhandledAlerts = (type: string) =>
  sink.alerts.filter(
    (alert) =>
      alert.alertClass === 'UnhandledEventType' && (alert.details as { type?: string })?.type === type,
  );

describe('events no integration handles', () => {
  it('are kept durably, one workflow each, and raise one alert per source and type per window', async () => {
    const type = `deal.closed_won_${Date.now()}`;
    const envelopes = [dealWonEnvelope(), dealWonEnvelope(), dealWonEnvelope()].map((envelope) => ({
      ...envelope,
      type,
    }));
    const responses = [];
    for (const envelope of envelopes)
      responses.push(await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope));
    for (const [index, response] of responses.entries()) {
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ ignored: true, workflowId: `unhandled:crm:${response.eventId}` });
      const kept = await stack.temporal.workflow
        .getHandle(response.body.workflowId as string)
        .query(unhandledEventQuery);
      expect(kept).toMatchObject({ source: 'crm', event: { eventId: response.eventId, type } });
      expect(kept.event.payload).toEqual(envelopes[index]!.data);
    }

    await waitFor('the alert for the new type', async () =>
      unhandledAlerts(type).length > 0 ? true : undefined,
    );
    const first = unhandledAlerts(type);
    expect(first).toHaveLength(1);
    expect(first[0]!.message).toContain(`"${type}"`);
    expect(first[0]!.severity).toBe('critical');

    // Within the window: still one. After it: one more, counting what arrived meanwhile (events that arrived
    // while the first alert was being raised may fall into either).
    const another = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, { ...dealWonEnvelope(), type });
    expect(another.status).toBe(202);
    expect(unhandledAlerts(type)).toHaveLength(1);
    await waitFor(
      'the window summary',
      async () => (unhandledAlerts(type).length === 2 ? true : undefined),
      15_000,
    );
    const [opening, summary] = unhandledAlerts(type);
    expect(summary!.message).toMatch(/^\d+ more events? of type/);
    // Every one of the four events is counted in exactly one of the two alerts.
    const counted = [opening, summary].map((alert) => (alert!.details as { events: number }).events);
    expect(counted[0]! + counted[1]!).toBe(4);

    const otherType = `${type}.other`;
    await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, { ...dealWonEnvelope(), type: otherType });
    await waitFor('a separate alert for another type', async () =>
      unhandledAlerts(otherType).length === 1 ? true : undefined,
    );
  }, 60_000);

  it('a redelivered unhandled event is kept once', async () => {
    const envelope = { ...dealWonEnvelope(), type: 'deal.archived' };
    const first = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    const again = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope, {
      eventId: first.eventId,
    });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ workflowId: first.body.workflowId, duplicate: true });
  });
});
