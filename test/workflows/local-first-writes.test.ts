import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  recordSyncStateQuery,
  SyncStatus,
  type RecordSyncState,
} from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { clearFaults, injectFault, targetRecordsFor } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// A write's first attempt runs as a local activity (src/workflows/target-write.ts). When it fails and may be
// retried, a regular activity takes over after the policy's first interval with the rest of the target's policy,
// so the attempts keep the declared schedule and an operator sees the later ones as a pending activity.

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType } = temporal.api.enums.v1;

let stack: LoudwireTestStack;

beforeAll(async () => {
  stack = await startLoudwireTestStack({
    TARGET_HTTP_TIMEOUT: '2s',
    PROJECT_TOOL_RETRY_MAX_ATTEMPTS: '4',
    PROJECT_TOOL_RETRY_INITIAL_INTERVAL: '200ms',
    PROJECT_TOOL_RETRY_BACKOFF: '3',
    PROJECT_TOOL_RETRY_MAX_INTERVAL: '10s',
  });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
});

async function sendDeal(
  status: SyncStatus,
): Promise<{ dealId: string; events: HistoryEvent[]; state: RecordSyncState }> {
  const envelope = dealWonEnvelope();
  const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
  expect(accepted.status).toBe(202);
  const handle = stack.temporal.workflow.getHandle(accepted.body.workflowId as string);
  await waitFor(`the record to be ${status}`, async () =>
    (await handle.query(recordSyncStateQuery)).status === status ? true : undefined,
  );
  return {
    dealId: envelope.data.deal.id,
    events: (await handle.fetchHistory()).events ?? [],
    state: await handle.query(recordSyncStateQuery),
  };
}

async function sendDealWhileProjectToolFails(fault: Record<string, unknown>, status: SyncStatus) {
  await injectFault(stack.sandboxes.projectTool.url, fault);
  try {
    return await sendDeal(status);
  } finally {
    await clearFaults(stack.sandboxes.projectTool.url);
  }
}

/** The write markers of a history: each local attempt's activity type, and whether it failed. */
function localWrites(events: HistoryEvent[]): { activityType: string; failed: boolean }[] {
  return events.flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.details?.data?.payloads?.[0]?.data;
    if (marker?.markerName !== 'core_local_activity' || !data) return [];
    const { activity_type: activityType } = JSON.parse(Buffer.from(data).toString()) as {
      activity_type: string;
    };
    return activityType === 'deliverToTarget' ? [{ activityType, failed: Boolean(marker.failure) }] : [];
  });
}

function scheduledWrites(events: HistoryEvent[]) {
  return events.filter(
    (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverToTarget',
  );
}

const millis = (duration: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(duration?.seconds ?? 0) * 1_000 + Math.round((duration?.nanos ?? 0) / 1e6);

describe('local first writes', () => {
  it('write every target in the first workflow task, with no activity task', async () => {
    const { dealId, events } = await sendDeal(SyncStatus.synced);
    expect(localWrites(events)).toEqual(Array(3).fill({ activityType: 'deliverToTarget', failed: false }));
    expect(scheduledWrites(events)).toHaveLength(0);
    const completedTasks = events.filter(
      (event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    );
    expect(completedTasks).toHaveLength(1);
    const { projects, customers } = await targetRecordsFor(stack.sandboxes, dealId);
    expect(projects).toHaveLength(1);
    expect(customers).toHaveLength(1);
  });

  it('hand a retryable failure to a regular activity that keeps the target policy schedule', async () => {
    // The local attempt and the regular activity's first attempt fail; its second attempt (the write's third) lands.
    const { dealId, events } = await sendDealWhileProjectToolFails(
      { kind: 'http_500', count: 2 },
      SyncStatus.synced,
    );
    const writes = localWrites(events);
    expect(writes.filter((write) => write.failed)).toHaveLength(1);
    expect(writes).toHaveLength(3);

    // The policy's first interval, then attempts 2–4 as one activity: 3 attempts left, 200 ms × 3 between them.
    const failedMarker = events.findIndex((event) => event.markerRecordedEventAttributes?.failure);
    const timer = events.findIndex(
      (event, index) =>
        index > failedMarker && millis(event.timerStartedEventAttributes?.startToFireTimeout) === 200,
    );
    expect(timer).toBeGreaterThan(failedMarker);
    const [scheduled, ...more] = scheduledWrites(events);
    expect(more).toHaveLength(0);
    expect(Number(scheduled!.eventId)).toBeGreaterThan(Number(events[timer]!.eventId));
    const retry = scheduled!.activityTaskScheduledEventAttributes!.retryPolicy!;
    expect(retry.maximumAttempts).toBe(3);
    expect(millis(retry.initialInterval)).toBe(600);
    expect(retry.backoffCoefficient).toBe(3);
    expect(millis(retry.maximumInterval)).toBe(10_000);
    const started = events.find((event) => event.activityTaskStartedEventAttributes)!;
    expect(started.activityTaskStartedEventAttributes!.attempt).toBe(2);

    const { projects } = await targetRecordsFor(stack.sandboxes, dealId);
    expect(projects).toHaveLength(1);
  });

  it('leave a failure that cannot be retried to park the record, with no regular attempt', async () => {
    const history = await sendDealWhileProjectToolFails(
      { kind: 'expired_credentials', rate: 1 },
      SyncStatus.parked,
    );
    // Classified as a regular activity's failure would be: the class names the cause, not "retries exhausted".
    expect(history.state.parked?.alertClass).toBe('CredentialsRejected');
    expect(localWrites(history.events).filter((write) => write.failed)).toHaveLength(1);
    expect(scheduledWrites(history.events)).toHaveLength(0);
  });
});
