import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { targetRecordsFor } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// A signed payload just under the default body limit whose `data` carries 26,000 fields the contract does not
// know. Unbounded, its contract diff alone was a 1.5 MB local-activity result and its alert a 2.4 MB activity
// input: over Temporal's 2 MB payload limit, so the server terminated the record and no alert was sent.

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({ ALERT_WEBHOOK_URL: sink.url });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

describe('a payload with 26,000 unknown fields', () => {
  it('raises one bounded SchemaDrift alert and the record lives on and syncs', async () => {
    const envelope = dealWonEnvelope();
    const data = envelope.data as Record<string, unknown>;
    for (let index = 0; index < 26_000; index += 1) data[`k${index.toString(36).padStart(4, '0')}`] = 0;
    const body = JSON.stringify(envelope);
    expect(body.length).toBeGreaterThan(255_000);
    expect(body.length).toBeLessThanOrEqual(262_144);

    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    expect(accepted.status).toBe(202);
    const workflowId = accepted.body.workflowId as string;
    const handle = stack.temporal.workflow.getHandle(workflowId);

    const state = await waitFor(
      'the record to sync despite the drift',
      async () => {
        const current = await handle.query(recordSyncStateQuery);
        return current.status === SyncStatus.synced ? current : undefined;
      },
      30_000,
    );
    expect(state.counts.processed).toBe(1);
    const { projects, customers } = await targetRecordsFor(stack.sandboxes, envelope.data.deal.id);
    expect([projects.length, customers.length]).toEqual([1, 1]);

    const alerts = await waitFor('the SchemaDrift alert', async () => {
      const found = sink.alertsFor(workflowId);
      return found.length > 0 ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert!.body.loudwire.alertClass).toBe('SchemaDrift');
    expect(alert!.body.loudwire.message).toMatch(/… and 25,9\d\d more/);
    // Bounded: the whole alert, diff and payload excerpt included, is a small fraction of the 2 MB limit.
    expect(alert!.rawText.length).toBeLessThan(128 * 1024);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  }, 60_000);
});
