import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentDefaults } from '../../src/config/development-defaults';
import {
  RedriveAction,
  recordSyncStateQuery,
  redriveUpdate,
  SyncStatus,
  type RecordSyncState,
} from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import {
  accountingContactsFor,
  clearFaults,
  injectFault,
  sandboxState,
  targetRecordsFor,
} from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Look-ups by external ID through the whole stack (API, worker, Temporal dev server, sandbox vendors): a vendor
// that ignores the look-up filter cannot make a new deal "already exist" as an unrelated record, and two records
// carrying one deal ID park the record as AmbiguousTarget (one alert naming both) that a redrive never resolves by
// writing to either.

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({ ALERT_WEBHOOK_URL: sink.url, VERIFY_WRITES: 'true' });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

async function stateOf(workflowId: string): Promise<RecordSyncState> {
  return stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
}

async function waitForStatus(workflowId: string, status: SyncStatus, parkedAfter = 0) {
  return waitFor(`${workflowId} to be ${status}`, async () => {
    const state = await stateOf(workflowId);
    return state.status === status && (parkedAfter === 0 || state.incidents > parkedAfter)
      ? state
      : undefined;
  });
}

async function winDeal(): Promise<{ dealId: string; workflowId: string }> {
  const envelope = dealWonEnvelope();
  const response = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
  expect(response.status).toBe(202);
  return { dealId: envelope.data.deal.id, workflowId: response.body.workflowId as string };
}

/** Every record of the three targets, by ID: what "nothing unrelated was touched" is checked against. */
async function everyTargetRecord() {
  const [projects, customers, accounting] = await Promise.all([
    sandboxState(stack.sandboxes.projectTool.url),
    sandboxState(stack.sandboxes.billing.url),
    sandboxState(stack.sandboxes.accounting.url),
  ]);
  return { projects: projects.projects, customers: customers.customers, contacts: accounting.contacts };
}

describe('exact look-ups through the record workflow', () => {
  it('ignore_filter: a new deal is created at every target and nothing unrelated is overwritten', async () => {
    const earlier = await winDeal();
    await waitForStatus(earlier.workflowId, SyncStatus.synced);
    const before = await everyTargetRecord();

    const vendors = [
      stack.sandboxes.projectTool.url,
      stack.sandboxes.billing.url,
      stack.sandboxes.accounting.url,
    ];
    for (const url of vendors) await injectFault(url, { kind: 'ignore_filter', rate: 1 });
    let deal: { dealId: string; workflowId: string };
    try {
      deal = await winDeal();
      await waitForStatus(deal.workflowId, SyncStatus.synced);
    } finally {
      for (const url of vendors) await clearFaults(url);
    }

    const { projects, customers } = await targetRecordsFor(stack.sandboxes, deal.dealId);
    const contacts = await accountingContactsFor(stack.sandboxes, deal.dealId);
    expect(projects).toHaveLength(1);
    expect(customers).toHaveLength(1);
    expect(contacts).toHaveLength(1);
    const state = await stateOf(deal.workflowId);
    expect(state.writes['project-tool/projects']).toMatchObject({ targetId: projects[0]!.id, created: true });
    expect(state.writes['billing/customers']).toMatchObject({ targetId: customers[0]!.id, created: true });
    expect(state.writes['accounting/contacts']).toMatchObject({
      targetId: contacts[0]!.ContactID,
      created: true,
    });
    expect(sink.alertsFor(deal.workflowId)).toEqual([]);

    // Every record that existed before is exactly as it was.
    const after = await everyTargetRecord();
    // Accounting contacts are keyed by ContactID (its state shows no other ID).
    const idOf = (record: { id?: unknown; ContactID?: unknown }) => String(record.ContactID ?? record.id);
    for (const collection of ['projects', 'customers', 'contacts'] as const) {
      const byId = new Map((after[collection] ?? []).map((record) => [idOf(record), record]));
      expect(before[collection]?.length).toBeGreaterThan(0);
      for (const record of before[collection] ?? []) expect(byId.get(idOf(record))).toEqual(record);
    }
  });

  it('duplicate_external_id: parks as AmbiguousTarget naming both, and a redrive touches neither', async () => {
    const dealId = `deal_t${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    // Someone created the client's project by hand ahead of the deal, and the vendor stored that create twice.
    await injectFault(stack.sandboxes.projectTool.url, {
      kind: 'duplicate_external_id',
      count: 1,
      route: 'POST /v2/projects',
    });
    const handMade = await fetch(`${stack.sandboxes.projectTool.url}/v2/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': developmentDefaults.PROJECT_TOOL_API_KEY! },
      body: JSON.stringify({ name: 'Hand-made kickoff', client: 'Someone else', external_id: dealId }),
    });
    expect(handMade.status).toBe(201);
    const candidates = (await targetRecordsFor(stack.sandboxes, dealId)).projects;
    expect(candidates).toHaveLength(2);

    const response = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, dealWonEnvelope({ dealId }));
    const workflowId = response.body.workflowId as string;
    const parked = await waitForStatus(workflowId, SyncStatus.parked);
    const alert = await waitFor(
      'the AmbiguousTarget alert',
      async () => sink.alertsFor(workflowId)[0],
      30_000,
    );
    expect(alert.body.loudwire.alertClass).toBe('AmbiguousTarget');
    expect(parked.parked!.alertClass).toBe('AmbiguousTarget');
    for (const candidate of candidates) {
      expect(alert.body.loudwire.message).toContain(candidate.id);
      expect(parked.parked!.reason).toContain(candidate.id);
    }
    expect(sink.alertsFor(workflowId)).toHaveLength(1);
    // Not retried: one look-up, no write.
    expect(parked.writes['project-tool/projects']).toBeUndefined();

    // The documented redrive (as for a destination mismatch) looks up again and parks again: neither candidate
    // is overwritten, and no third project appears.
    await stack.temporal.workflow.getHandle(workflowId).executeUpdate(redriveUpdate, {
      args: [
        { action: RedriveAction.retry, operator: 'test-operator', incidentId: parked.parked!.incidentId },
      ],
      updateId: `redrive:${parked.parked!.incidentId}`,
    });
    const parkedAgain = await waitForStatus(workflowId, SyncStatus.parked, parked.incidents);
    expect(parkedAgain.parked!.alertClass).toBe('AmbiguousTarget');
    expect((await targetRecordsFor(stack.sandboxes, dealId)).projects).toEqual(candidates);
    expect(parkedAgain.writes['project-tool/projects']).toBeUndefined();
  });
});
