import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger';
import { startWorkerMetricsServer } from '../../src/observability/worker-metrics-server';
import { SyncStatus } from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { winNewDeal } from '../support/crm-client';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { clearFaults, injectFault, recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Real webhooks through the real API, worker, Temporal and sandbox vendors, then `/metrics` scraped over HTTP as
// Prometheus would. The API and the worker run in this process, so each scrape reads one process's registry:
// every counter below starts at zero in this file and must have moved by exactly what the test did.

let stack: LoudwireTestStack;
let sink: AlertSink;
let workerMetrics: Server;
let workerMetricsUrl = '';

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({
    ALERT_WEBHOOK_URL: sink.url,
    BILLING_RETRY_MAX_ATTEMPTS: '2',
  });
  await stack.startWorker();
  workerMetrics = await startWorkerMetricsServer({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('test', 'silent'),
  });
  workerMetricsUrl = `http://127.0.0.1:${(workerMetrics.address() as AddressInfo).port}/metrics`;
}, 60_000);

afterAll(async () => {
  workerMetrics?.close();
  await stack?.close();
  await sink?.close();
});

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one sample (`name{labels} value`), or undefined when the series does not exist. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Prometheus /metrics after real webhooks', () => {
  it('counts accepted, duplicate and refused events on the API, with their labels', async () => {
    // One event from the sandbox CRM's own webhook sender, one signed here and delivered twice, one forged.
    const dealId = await winNewDeal(stack.sandboxes.crm.url);
    const envelope = dealWonEnvelope();
    const first = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    const again = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope, {
      eventId: first.eventId,
    });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body.duplicate).toBe(true);
    const forged = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope, {
      secret: 'whsec_' + Buffer.from('not the secret of this source').toString('base64'),
    });
    expect(forged.status).toBe(401);
    const unknown = await fetch(`${stack.apiUrl}/webhooks/nobody`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(404);

    const metrics = await waitFor('the CRM sandbox delivery to be accepted', async () => {
      const text = await scrape(`${stack.apiUrl}/metrics`);
      return sample(text, 'loudwire_events_accepted_total{integration="client-onboarding",source="crm"}') ===
        3
        ? text
        : undefined;
    });
    expect(
      sample(metrics, 'loudwire_duplicate_events_total{integration="client-onboarding",source="crm"}'),
    ).toBe(1);
    expect(sample(metrics, 'loudwire_events_refused_total{reason="invalid_signature"}')).toBe(1);
    expect(sample(metrics, 'loudwire_events_refused_total{reason="unknown_source"}')).toBe(1);
    // Each accepted event (the redelivery too) was one call that Temporal answered, timed on the API.
    const held = sample(metrics, 'loudwire_webhook_temporal_seconds_count{outcome="held"}');
    expect(held).toBeGreaterThanOrEqual(3);
    expect(sample(metrics, 'loudwire_webhook_temporal_seconds_bucket{le="30",outcome="held"}')).toBe(held);
    expect(sample(metrics, 'loudwire_webhook_temporal_seconds_count{outcome="failed"}')).toBeUndefined();
    // Node.js process metrics come with them.
    expect(metrics).toMatch(/^process_cpu_seconds_total /m);

    await waitFor('the won deal in the project tool', async () =>
      (await recordsWithExternalId(stack.sandboxes.projectTool.url, 'projects', dealId)).length === 1
        ? true
        : undefined,
    );
  });

  it('shows open records by integration and status from visibility', async () => {
    // The shared dev server holds other test files' records too: at least this file's two synced deals.
    const text = await waitFor(
      'synced records in visibility',
      async () => {
        const scraped = await scrape(`${stack.apiUrl}/metrics`);
        const synced = sample(
          scraped,
          `loudwire_records{integration="client-onboarding",status="${SyncStatus.synced}"}`,
        );
        return (synced ?? 0) >= 2 ? scraped : undefined;
      },
      30_000,
    );
    expect(text).toMatch(/^# TYPE loudwire_records gauge$/m);
    // Every integration and status has its series, zero included, so a dashboard never shows "no data".
    expect(
      sample(text, `loudwire_records{integration="support-escalation",status="${SyncStatus.parked}"}`),
    ).toBeTypeOf('number');
  });

  it('times every target write and alert on the worker, by system, resource and outcome', async () => {
    const resources = ['project-tool",resource="projects', 'billing",resource="customers'];
    const createdWrites = (text: string, resource: string) =>
      sample(text, `loudwire_target_write_seconds_count{system="${resource}",outcome="created"}`);
    // The earlier cases wait for the first deal's project and for two synced records on the shared dev server
    // (other files' records count there), not for this file's second billing write: wait for it here.
    const healthy = await waitFor(
      'two created writes per target on the worker',
      async () => {
        const text = await scrape(workerMetricsUrl);
        return resources.every((resource) => (createdWrites(text, resource) ?? 0) >= 2) ? text : undefined;
      },
      30_000,
    );
    for (const resource of resources) {
      expect(
        sample(healthy, `loudwire_target_write_seconds_count{system="${resource}",outcome="created"}`),
      ).toBeGreaterThanOrEqual(2);
    }

    // Billing refuses the credentials: the write fails by class, the record parks and its alert goes out.
    await injectFault(stack.sandboxes.billing.url, { kind: 'expired_credentials', rate: 1 });
    try {
      const envelope = dealWonEnvelope();
      expect((await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)).status).toBe(202);
      const workflowId = `client-onboarding:crm:${envelope.data.deal.id}`;
      await waitFor('the credentials alert', async () =>
        sink.alertsFor(workflowId).length > 0 ? true : undefined,
      );
    } finally {
      await clearFaults(stack.sandboxes.billing.url);
    }
    const afterFault = await waitFor('the alert delivery to be observed', async () => {
      const text = await scrape(workerMetricsUrl);
      return (sample(text, 'loudwire_alert_delivery_seconds_count{outcome="delivered"}') ?? 0) >= 1
        ? text
        : undefined;
    });
    expect(
      sample(
        afterFault,
        'loudwire_target_write_seconds_count{system="billing",resource="customers",outcome="TargetCredentialsRejected"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(afterFault).toMatch(/^loudwire_target_write_seconds_bucket\{le="0\.005",system="billing"/m);
  });
});
