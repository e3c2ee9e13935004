import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { SyncWindow } from '../../../src/batch/sync-window';
import type { BatchSyncInput } from '../../../src/workflows/batch-sync-messages';
import {
  expectedUsage,
  generateTimeEntries,
  seedLinkedClients,
  storedUsage,
} from '../../batch/billable-hours-fixtures';
import type { LoudwireTestStack } from '../../support/loudwire-test-stack';
import type { IntegrationCase, TriggeredRun } from '../integration-case';

/** Each run syncs a window of its own, so runs never see each other's rows. */
let nextDay = 1;
let projectIds: string[] = [];

const urlsOf = (stack: LoudwireTestStack) => ({
  projectTool: stack.sandboxes.projectTool.url,
  billing: stack.sandboxes.billing.url,
});

async function startWindow(stack: LoudwireTestStack, window: SyncWindow): Promise<TriggeredRun> {
  const workflowId = `billable-hours-suite-${randomUUID()}`;
  await stack.temporal.workflow.start('batchSyncWorkflow', {
    args: [{ integration: 'billable-hours', window } satisfies BatchSyncInput],
    taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
    workflowId,
  });
  return { workflowId, recordKey: `${window.from}..${window.to}`, details: { window } };
}

/** billable-hours: the project tool's billable time → daily usage in billing, reconciled. */
export const billableHoursCase: IntegrationCase = {
  name: 'billable-hours',
  kind: 'schedule',
  corpus: {
    file: 'test/fixtures/billable-hours-time-entries.ndjson',
    expected: { records: 8, ok: 4, ok_with_warnings: 0, rejected: 4, unreadable: 0, ignored: 0 },
  },
  async prepare(stack) {
    ({ projectIds } = await seedLinkedClients(urlsOf(stack), 3));
  },
  async trigger(stack) {
    const day = String(nextDay++).padStart(2, '0');
    const window: SyncWindow = { from: `2026-07-${day}`, to: `2026-07-${day}` };
    await generateTimeEntries(stack.sandboxes.projectTool.url, {
      count: 40,
      project_ids: projectIds,
      ...window,
      seed: nextDay,
    });
    return startWindow(stack, window);
  },
  async expectLanded(stack, run) {
    const window = run.details!.window as SyncWindow;
    const expected = await expectedUsage(urlsOf(stack), window);
    const stored = (await storedUsage(stack.sandboxes.billing.url)).filter(
      (record) => record.usage_date >= window.from && record.usage_date <= window.to,
    );
    expect(expected.size).toBeGreaterThan(0);
    expect(
      new Map(
        stored.map((record) => [`${record.customer_external_id}:${record.usage_date}`, record.quantity]),
      ),
    ).toEqual(expected);
  },
  rerun: (stack, run) => startWindow(stack, run.details!.window as SyncWindow),
  faults: [
    {
      title: 'project-tool GET /v2/time_entries http_500',
      sandbox: 'projectTool',
      fault: { kind: 'http_500', rate: 1, route: 'GET /v2/time_entries' },
      alertClass: 'RetryExhausted',
    },
    {
      title: 'billing expired_credentials',
      sandbox: 'billing',
      fault: { kind: 'expired_credentials', rate: 1 },
      alertClass: 'CredentialsRejected',
    },
    {
      title: 'billing drop_write',
      sandbox: 'billing',
      fault: { kind: 'drop_write', count: 1, route: 'POST /v1/usage_records/batch' },
      alertClass: 'ReconciliationMismatch',
    },
  ],
};
