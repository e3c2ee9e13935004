import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RedriveAction,
  recordSyncStateQuery,
  redriveUpdate,
  SyncStatus,
  type RecordSyncState,
} from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { crmCall, editProjectAsPerson, winNewDeal } from '../support/crm-client';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { copySeededDeal } from '../support/seeded-deal-copy';
import { targetRecordsFor, type SandboxRecord } from '../support/sandbox-control';
import { waitFor } from '../support/wait-for';

// Records stay in sync after the first write: later versions from the real CRM sandbox (PATCH, company rename,
// lost, reopened) reach the real project-tool and billing sandboxes through the API, worker and Temporal.

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

const workflowIdOf = (dealId: string) => `client-onboarding:crm:${dealId}`;

async function stateOf(dealId: string): Promise<RecordSyncState> {
  return stack.temporal.workflow.getHandle(workflowIdOf(dealId)).query(recordSyncStateQuery);
}

/** Waits until the record has processed `version` and reached `status`. */
async function waitForVersion(dealId: string, version: number, status: SyncStatus): Promise<RecordSyncState> {
  return waitFor(`${dealId} v${version} to be ${status}`, async () => {
    const state = await stateOf(dealId);
    // lastSequence moves when a version starts; a synced version has also reached every target.
    const applied =
      status !== SyncStatus.synced ||
      Object.values(state.writes).every((write) => (write?.sequence ?? -1) >= version);
    return state.lastSequence >= version &&
      state.status === status &&
      applied &&
      state.pendingEvents.length === 0
      ? state
      : undefined;
  });
}

async function targetsOf(dealId: string): Promise<{ project: SandboxRecord; customer: SandboxRecord }> {
  const { projects, customers } = await targetRecordsFor(stack.sandboxes, dealId);
  expect(projects).toHaveLength(1);
  expect(customers).toHaveLength(1);
  return { project: projects[0]!, customer: customers[0]! };
}

async function wonAndSynced(): Promise<{ dealId: string; version: number; companyId: string }> {
  const dealId = await winNewDeal(stack.sandboxes.crm.url);
  const deal = await crmCall<{ version: number; companyId: string }>(
    stack.sandboxes.crm.url,
    'GET',
    `/api/deals/${dealId}`,
  );
  await waitForVersion(dealId, deal.version, SyncStatus.synced);
  return { dealId, version: deal.version, companyId: deal.companyId };
}

const alertsOf = (dealId: string, alertClass: string) =>
  sink.alertsFor(workflowIdOf(dealId)).filter((alert) => alert.body.loudwire.alertClass === alertClass);

describe('a later version of a synced record', () => {
  it('win → sync; PATCH the amount and rename the company → both targets updated and verified', async () => {
    const { dealId, companyId } = await wonAndSynced();
    const before = await targetsOf(dealId);
    expect(before.project.budget_cents).toBe(420000);

    const patched = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'PATCH',
      `/api/deals/${dealId}`,
      {
        amount: '4,800.00',
      },
    );
    await waitForVersion(dealId, patched.version, SyncStatus.synced);
    await crmCall(stack.sandboxes.crm.url, 'PATCH', `/api/companies/${companyId}`, {
      name: 'Renamed Robotics GmbH',
    });
    const renamed = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'GET',
      `/api/deals/${dealId}`,
    );
    const state = await waitForVersion(dealId, renamed.version, SyncStatus.synced);

    const after = await targetsOf(dealId);
    expect(after.project).toMatchObject({
      id: before.project.id,
      budget_cents: 480000,
      client: 'Renamed Robotics GmbH',
    });
    expect(after.customer).toMatchObject({ id: before.customer.id, name: 'Renamed Robotics GmbH' });
    expect(state.writes['project-tool/projects']).toMatchObject({
      targetId: before.project.id,
      sequence: renamed.version,
      written: expect.objectContaining({ budget_cents: 480000, client: 'Renamed Robotics GmbH' }) as unknown,
    });
    expect(sink.alertsFor(workflowIdOf(dealId))).toHaveLength(0);
  });

  it('keeps a status a person set in the project tool while updating the fields Loudwire owns', async () => {
    const { dealId } = await wonAndSynced();
    const { project } = await targetsOf(dealId);
    await editProjectAsPerson(stack.sandboxes.projectTool.url, project.id, { status: 'active' });

    const patched = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'PATCH',
      `/api/deals/${dealId}`,
      {
        amount: '5,100.00',
        title: 'Fault drill, phase 2',
      },
    );
    await waitForVersion(dealId, patched.version, SyncStatus.synced);
    const after = await targetsOf(dealId);
    expect(after.project).toMatchObject({
      status: 'active',
      budget_cents: 510000,
      name: 'Fault drill, phase 2',
    });
    expect(sink.alertsFor(workflowIdOf(dealId))).toHaveLength(0);
  });

  it('a Loudwire-owned field edited on the target raises one TargetDrifted alert with the diff, then follows the source', async () => {
    const { dealId } = await wonAndSynced();
    const { project } = await targetsOf(dealId);
    await editProjectAsPerson(stack.sandboxes.projectTool.url, project.id, { name: 'Renamed by a person' });

    const patched = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'PATCH',
      `/api/deals/${dealId}`,
      {
        amount: '4,300.00',
      },
    );
    await waitForVersion(dealId, patched.version, SyncStatus.synced);
    const drifted = await waitFor('the TargetDrifted alert', async () => {
      const found = alertsOf(dealId, 'TargetDrifted');
      return found.length > 0 ? found : undefined;
    });
    expect(drifted).toHaveLength(1);
    expect(drifted[0]!.body.loudwire.details).toMatchObject({
      diff: [
        expect.objectContaining({
          target: 'project-tool/projects',
          field: 'name',
          lastWritten: 'Fault drill',
          onTarget: 'Renamed by a person',
          intended: 'Fault drill',
          resolution: 'overwritten',
        }),
      ],
    });
    expect((await targetsOf(dealId)).project).toMatchObject({ name: 'Fault drill', budget_cents: 430000 });
    // One alert, not one per later version: the overwrite made the target agree again.
    const again = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'PATCH',
      `/api/deals/${dealId}`,
      {
        amount: '4,400.00',
      },
    );
    await waitForVersion(dealId, again.version, SyncStatus.synced);
    expect(alertsOf(dealId, 'TargetDrifted')).toHaveLength(1);
  });

  it('a park field changed on both sides parks with the diff; a redrive applies the source version', async () => {
    const { dealId } = await wonAndSynced();
    const { project } = await targetsOf(dealId);
    await editProjectAsPerson(stack.sandboxes.projectTool.url, project.id, {
      owner_email: 'delivery@example.com',
    });
    const patched = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'PATCH',
      `/api/deals/${dealId}`,
      {
        ownerEmail: 'new-owner@example.com',
        amount: '4,250.00',
      },
    );
    const parked = await waitForVersion(dealId, patched.version, SyncStatus.parked);
    expect(parked.parked?.alertClass).toBe('TargetDrifted');
    const alerts = await waitFor('the park alert', async () => {
      const found = alertsOf(dealId, 'TargetDrifted');
      return found.length > 0 ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0]!.body.loudwire.details)).toContain('delivery@example.com');
    expect((await targetsOf(dealId)).project).toMatchObject({
      owner_email: 'delivery@example.com',
      budget_cents: 420000,
    });

    await stack.temporal.workflow.getHandle(workflowIdOf(dealId)).executeUpdate(redriveUpdate, {
      args: [{ action: RedriveAction.retry, operator: 'test', reason: 'source wins' }],
    });
    await waitForVersion(dealId, patched.version, SyncStatus.synced);
    expect((await targetsOf(dealId)).project).toMatchObject({
      owner_email: 'new-owner@example.com',
      budget_cents: 425000,
    });
    expect(alertsOf(dealId, 'TargetDrifted')).toHaveLength(1);
  });

  it('a lost deal archives the project with one alert; a reopened one parks for a person', async () => {
    const { dealId } = await wonAndSynced();
    const lost = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'POST',
      `/api/deals/${dealId}/lose`,
    );
    await waitForVersion(dealId, lost.version, SyncStatus.archived);
    expect((await targetsOf(dealId)).project.status).toBe('archived');
    expect(
      await waitFor('the archive alert', async () =>
        alertsOf(dealId, 'RecordArchived').length === 1 ? true : undefined,
      ),
    ).toBe(true);

    const reopened = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'POST',
      `/api/deals/${dealId}/reopen`,
    );
    const parked = await waitForVersion(dealId, reopened.version, SyncStatus.parked);
    expect(parked.parked).toMatchObject({
      alertClass: 'NeedsDecision',
      reason: expect.stringContaining('reopened') as unknown,
    });
    expect((await targetsOf(dealId)).project.status).toBe('archived');
  });

  it('an edit of a deal that was never won creates nothing', async () => {
    // A new deal, not the first seeded one: seeded IDs are the same in every test stack's CRM and workflow IDs
    // are namespace-wide, so editing deal_seed01 here opened a record another test file's win then joined.
    const open = { id: await copySeededDeal(stack.sandboxes.crm.url, 'deal_seed01') };
    const patched = await crmCall<{ version: number }>(
      stack.sandboxes.crm.url,
      'PATCH',
      `/api/deals/${open.id}`,
      {
        amount: '99,000.00',
      },
    );
    const state = await waitForVersion(open.id, patched.version, SyncStatus.ignored);
    expect(state.writes).toEqual({});
    const { projects, customers } = await targetRecordsFor(stack.sandboxes, open.id);
    expect([...projects, ...customers]).toHaveLength(0);
  });
});
