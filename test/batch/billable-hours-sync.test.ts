import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import { EncryptionCodec } from '../../src/encryption/encryption-codec';
import type { SyncWindow } from '../../src/batch/sync-window';
import type {
  BatchSyncInput,
  BatchSyncProgress,
  BatchSyncResult,
} from '../../src/workflows/batch-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import {
  startLoudwireTestStack,
  type LoudwireTestStack,
  type RunningTestWorker,
} from '../support/loudwire-test-stack';
import { clearFaults, injectFault } from '../support/sandbox-control';
import { waitFor } from '../support/wait-for';
import {
  expectedUsage,
  generateTimeEntries,
  seedLinkedClients,
  storedUsage,
  type StoredUsageRecord,
} from './billable-hours-fixtures';

const integration = 'billable-hours';

describe('billable-hours batch sync', () => {
  let sink: AlertSink;
  let stack: LoudwireTestStack;
  let worker: RunningTestWorker;
  let urls: { projectTool: string; billing: string };

  beforeAll(async () => {
    sink = await startAlertSink();
    stack = await startLoudwireTestStack({
      ALERT_WEBHOOK_URL: sink.url,
      // Short, so heartbeats (throttled to 80 % of it) reach the server while a test watches.
      BATCH_HEARTBEAT_TIMEOUT: '2s',
      RECONCILIATION_SAMPLE_SIZE: '10',
      // No shutdown grace: stopping the worker cuts its read mid-way, as a crash would, so it must resume.
      WORKER_SHUTDOWN_GRACE: '0ms',
    });
    urls = { projectTool: stack.sandboxes.projectTool.url, billing: stack.sandboxes.billing.url };
    worker = await stack.startWorker();
  });
  afterAll(async () => {
    await stack?.close();
    await sink?.close();
  });
  beforeEach(async () => {
    for (const url of Object.values(urls)) await fetch(`${url}/__sandbox/reset`, { method: 'POST' });
  });

  const start = (input: Omit<BatchSyncInput, 'integration'>) =>
    stack.temporal.workflow.start('batchSyncWorkflow', {
      args: [{ integration, ...input } satisfies BatchSyncInput],
      taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
      workflowId: `${integration}-test-${randomUUID()}`,
    });

  const byKey = (records: StoredUsageRecord[]) =>
    new Map(
      records.map((record) => [`${record.customer_external_id}:${record.usage_date}`, record.quantity]),
    );

  it('syncs 10,000 time entries into daily usage and proves it with matching counts and checksums', async () => {
    const { projectIds } = await seedLinkedClients(urls, 10);
    const window: SyncWindow = { from: '2026-10-01', to: '2026-10-31' };
    const generated = await generateTimeEntries(urls.projectTool, {
      count: 10_000,
      project_ids: projectIds,
      from: window.from,
      to: window.to,
      billable_ratio: 0.8,
      seed: 7,
    });
    // Outside the window: must not be synced.
    await generateTimeEntries(urls.projectTool, {
      count: 50,
      project_ids: projectIds,
      from: '2026-11-01',
      to: '2026-11-02',
    });

    // Small runs, so a 10,000-entry sync continues as new several times.
    const handle = await start({ window, tuning: { pagesPerRun: 4 } });
    const result = (await handle.result()) as BatchSyncResult;

    const expected = await expectedUsage(urls, window);
    const stored = await storedUsage(urls.billing);
    expect(result.counts.recordsRead).toBe(generated.billable);
    expect(result.sourceRows).toBe(expected.size);
    expect(result.destinationRows).toBe(expected.size);
    expect(stored).toHaveLength(expected.size);
    expect(byKey(stored)).toEqual(expected);
    expect(stored.reduce((sum, record) => sum + record.quantity, 0)).toBe(generated.billable_minutes);
    expect(Number.isInteger(generated.billable_minutes)).toBe(true);

    const progress = await handle.query<BatchSyncProgress>('batchSyncProgress').catch(() => undefined);
    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    // The final run is a continuation: the chain continued as new to keep each history small.
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
    expect(progress === undefined || progress.phase === 'Reconciled').toBe(true);
    expect(sink.alertsFor(handle.workflowId)).toHaveLength(0);
  });

  it('resumes after 500s and a worker restart mid-read without writing anything twice', async () => {
    const { projectIds } = await seedLinkedClients(urls, 4);
    const window: SyncWindow = { from: '2026-09-01', to: '2026-09-30' };
    await generateTimeEntries(urls.projectTool, {
      count: 3_000,
      project_ids: projectIds,
      ...window,
      seed: 11,
    });
    await injectFault(urls.projectTool, { kind: 'http_500', count: 2, route: 'GET /v2/time_entries' });
    await injectFault(urls.billing, { kind: 'http_500', count: 2, route: 'POST /v1/usage_records/batch' });
    // Every page is slow, so the worker can be stopped while a read is in flight.
    await injectFault(urls.projectTool, {
      kind: 'slow',
      rate: 1,
      delayMs: 250,
      route: 'GET /v2/time_entries',
    });

    const handle = await start({ window, tuning: { pageSize: 250, pagesPerActivity: 12 } });
    await waitFor('a heartbeat of at least two pages', async () => {
      const { raw } = await handle.describe();
      const stored = raw.pendingActivities?.[0]?.heartbeatDetails?.payloads?.[0];
      if (!stored) return undefined;
      // Heartbeat details are encrypted like every payload: decode them as the worker does.
      const [details] = await new EncryptionCodec(stack.env.PAYLOAD_ENCRYPTION_KEYS).decode([stored]);
      const heartbeat = defaultPayloadConverter.fromPayload<{ pagesRead: number }>(details!);
      return heartbeat.pagesRead >= 2 ? true : undefined;
    });
    await worker.stop();
    await injectFault(urls.billing, { kind: 'http_500', count: 1, route: 'POST /v1/usage_records/batch' });
    worker = await stack.startWorker();
    await clearFaults(urls.projectTool);

    const result = (await handle.result()) as BatchSyncResult;
    expect(result.counts.resumedReads).toBeGreaterThanOrEqual(1);
    const expected = await expectedUsage(urls, window);
    const stored = await storedUsage(urls.billing);
    expect(stored).toHaveLength(expected.size);
    expect(new Set(stored.map((record) => record.idempotency_key)).size).toBe(stored.length);
    expect(byKey(stored)).toEqual(expected);
    expect(result.sourceRows).toBe(result.destinationRows);
    expect(sink.alertsFor(handle.workflowId)).toHaveLength(0);
  });

  it.each([
    ['drops', 'drop_write', 'missingKeys'],
    ['alters', 'alter_write', 'alteredKeys'],
  ] as const)(
    'fails the run with one alert naming the row when billing silently %s a write',
    async (_verb, faultKind, detailsField) => {
      const { projectIds } = await seedLinkedClients(urls, 5);
      const window: SyncWindow = { from: '2026-08-01', to: '2026-08-10' };
      await generateTimeEntries(urls.projectTool, {
        count: 400,
        project_ids: projectIds,
        ...window,
        seed: 3,
      });
      // The second batch write answers success but loses (or changes) its last row.
      await injectFault(urls.billing, { kind: faultKind, count: 1, route: 'POST /v1/usage_records/batch' });

      const handle = await start({ window, tuning: { writeBatchSize: 20 } });
      const failure = await handle.result().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe(AlertClass.reconciliationMismatch);

      const expected = await expectedUsage(urls, window);
      const stored = byKey(await storedUsage(urls.billing));
      const wrongKeys = [...expected.keys()].filter((key) => stored.get(key) !== expected.get(key));
      expect(wrongKeys).toHaveLength(1);
      const [wrongKey] = wrongKeys as [string];

      const alerts = await waitFor('the reconciliation alert', async () => {
        const received = sink.alertsFor(handle.workflowId);
        return received.length > 0 ? received : undefined;
      });
      expect(alerts).toHaveLength(1);
      const alert = alerts[0]!.body.loudwire;
      expect(alert.alertClass).toBe(AlertClass.reconciliationMismatch);
      expect(alert.message).toContain(wrongKey);
      const details = alert.details as Record<string, unknown>;
      const named = (details[detailsField] as (string | { key: string })[]).map((item) =>
        typeof item === 'string' ? item : item.key,
      );
      expect(named).toEqual([wrongKey]);
      expect((await handle.describe()).status.name).toBe('FAILED');
    },
  );
});
