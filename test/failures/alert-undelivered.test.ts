import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RedriveAction,
  recordSyncStateQuery,
  redriveUpdate,
  SyncStatus,
} from '../../src/workflows/record-sync-messages';
import { callApprovals, decisionPath, tokens, waitForApproval } from '../approvals/approval-test-kit';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { targetRecordsFor } from '../support/sandbox-control';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// The alert channel is down for longer than one delivery's retry window (shortened here from 24 h to 2 s). The
// record must neither fail nor stall: it parks, takes an operator's decision, outlives its dedup window, and
// shows AlertUndelivered (searchable) until the channel is back and the alert lands.

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(
    {
      ALERT_WEBHOOK_URL: sink.url,
      ALERT_RETRY_WINDOW: '2s',
      DEDUP_WINDOW: '4s',
      APPROVAL_AMOUNT_THRESHOLD_MINOR: '1000000',
    },
    { captureLogs: true },
  );
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

function attributes(description: {
  typedSearchAttributes: { getAll(): { key: { name: string }; value: unknown }[] };
}) {
  return Object.fromEntries(
    description.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]),
  );
}

describe('an alert that cannot be delivered', () => {
  it('never fails or blocks the record, shows AlertUndelivered, keeps retrying, and lands once the sink is back', async () => {
    sink.failNext(1_000_000);
    // A deal without its required version breaks the source contract: one SchemaDrift alert, and the record parks.
    const envelope = dealWonEnvelope();
    delete (envelope.data.deal as { version?: number }).version;
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    const workflowId = accepted.body.workflowId as string;
    const handle = stack.temporal.workflow.getHandle(workflowId);

    // The parked record's alert is its incident's opening alert: the incident holds it until it lands.
    const incidentId = await waitFor('the record to join its incident', async () => {
      const found = attributes(await handle.describe());
      return typeof found.LoudwireIncident === 'string' ? found.LoudwireIncident : undefined;
    });
    const incident = stack.temporal.workflow.getHandle(incidentId);
    const undelivered = await waitFor(
      'the incident to show AlertUndelivered',
      async () => {
        const found = attributes(await incident.describe());
        return found.LoudwireAlertUndelivered ? found : undefined;
      },
      20_000,
    );
    expect(undelivered).toMatchObject({ LoudwireAlertUndelivered: 'SchemaDrift' });
    expect(attributes(await handle.describe())).toMatchObject({ LoudwireSyncStatus: 'Parked' });
    const searchable = await waitFor('visibility to find it', async () => {
      for await (const execution of stack.temporal.workflow.list({
        query: `LoudwireAlertUndelivered = "SchemaDrift" AND WorkflowId = "${incidentId}"`,
      })) {
        return execution.workflowId;
      }
      return undefined;
    });
    expect(searchable).toBe(incidentId);
    expect(
      stack.logLines.some((line) => line.includes('ALERT SchemaDrift') && line.includes(workflowId)),
    ).toBe(true);

    // Not blocked: the operator's decision applies while the alert is still undelivered.
    await handle.executeUpdate(redriveUpdate, {
      args: [{ action: RedriveAction.skip, operator: 'test', reason: 'drift accepted' }],
    });
    await waitFor('the skip to apply', async () => {
      const state = await handle.query(recordSyncStateQuery);
      return state.status === SyncStatus.skipped ? state : undefined;
    });

    // Past several retry windows the incident still runs, still retrying; it does not close with the alert lost.
    const failuresBefore = sink.received.length;
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect((await incident.describe()).status.name).toBe('RUNNING');
    expect(sink.received.length).toBe(failuresBefore); // nothing accepted by the sink yet
    expect(
      stack.logLines.filter((line) => line.includes('ALERT SchemaDrift') && line.includes(workflowId)).length,
    ).toBeGreaterThan(2);

    sink.failNext(0);
    const result = await waitFor(
      'the incident to complete once its alerts landed',
      async () => {
        const description = await incident.describe();
        return description.status.name === 'COMPLETED' ? description : undefined;
      },
      60_000,
    );
    expect(attributes(result).LoudwireAlertUndelivered).toBeUndefined();
    expect(sink.alertsFor(workflowId).map((alert) => alert.body.loudwire.alertClass)).toContain(
      'SchemaDrift',
    );
    // Alerts are delivered at least once: an attempt that lands just as its retry window times out is sent
    // again (a fresh CI run saw two). Every delivery of one alert carries its Idempotency-Key, so a receiver
    // keeps one: here, one IncidentResolved.
    const incidentAlerts = sink.alertsFor(incidentId);
    expect(incidentAlerts.length).toBeGreaterThan(0);
    expect(
      new Set(incidentAlerts.map((alert) => `${alert.idempotencyKey} ${alert.body.loudwire.alertClass}`)),
    ).toEqual(new Set([`${incidentAlerts[0]!.idempotencyKey} IncidentResolved`]));
    expect(incidentAlerts[0]!.idempotencyKey).toBeTruthy();
    await waitFor(
      'the record to complete after its dedup window',
      async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined),
      30_000,
    );
    expect(await handle.result()).toMatchObject({ status: SyncStatus.skipped });
  }, 120_000);

  it('does not hold an approved record back: the writes go ahead while the approval alert is undelivered', async () => {
    sink.failNext(1_000_000);
    const envelope = dealWonEnvelope(); // 12,500.00: above this stack's approval threshold;
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    const workflowId = accepted.body.workflowId as string;
    const handle = stack.temporal.workflow.getHandle(workflowId);
    await waitForApproval(stack.temporal, workflowId);
    const decided = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'contract on file' },
    });
    expect(decided.status).toBe(200);

    const state = await waitFor(
      'the approved record to be written while the sink is still down',
      async () => {
        const current = await handle.query(recordSyncStateQuery);
        return current.status === SyncStatus.synced ? current : undefined;
      },
    );
    expect(Object.keys(state.writes)).toEqual(
      expect.arrayContaining(['billing/customers', 'project-tool/projects']),
    );
    const { projects, customers } = await targetRecordsFor(stack.sandboxes, envelope.data.deal.id);
    expect([projects.length, customers.length]).toEqual([1, 1]);
    const shown = await waitFor('AlertUndelivered for the approval request', async () => {
      const found = attributes(await handle.describe());
      return found.LoudwireAlertUndelivered ? found : undefined;
    });
    expect(shown.LoudwireAlertUndelivered).toBe('ApprovalRequested');

    sink.failNext(0);
    await waitFor('the approval alert to land', async () =>
      sink.alertsFor(workflowId).some((alert) => alert.body.loudwire.alertClass === 'ApprovalRequested')
        ? true
        : undefined,
    );
  }, 60_000);
});
