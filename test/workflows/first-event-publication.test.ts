import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventsAcceptedAttribute,
  firstEventAtAttribute,
  lastEventAtAttribute,
  syncStatusAttribute,
} from '../../src/temporal/search-attributes';
import { EventOutcome, eventLogMemoKey, type EventLogMemo } from '../../src/workflows/event-log-entry';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// The API starts a record's workflow with its first event already in the memo (queued) and in the event-log
// search attributes. A run with `record-start-published-by-api` writes neither again when it accepts that event
// (two history events and two visibility writes per record) and still publishes every outcome after it. Runs
// with `record-approval-with-mapping`, which takes it, also evaluate a new record's approval policy with its
// mapping; runs with `record-local-first-writes`, which takes that, write the targets in the same workflow task.

const { EventType } = temporal.api.enums.v1;
const open: EventOutcome[] = [EventOutcome.queued, EventOutcome.applying];
let stack: LoudwireTestStack;

beforeAll(async () => {
  stack = await startLoudwireTestStack();
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
});

describe("a record's first event", () => {
  it('is published by the API alone until its outcome, and the second event is counted', async () => {
    const first = dealWonEnvelope({ version: 1 });
    const dealId = first.data.deal.id;
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, first);
    expect(accepted.status).toBe(202);
    const handle = stack.temporal.workflow.getHandle(accepted.body.workflowId as string);
    await waitFor('the first event to be written', async () =>
      (await handle.query(recordSyncStateQuery)).status === SyncStatus.synced ? true : undefined,
    );

    const events = (await handle.fetchHistory()).events ?? [];
    const firstTaskCompleted = events.find(
      (event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    )!.eventId!;
    const firstTaskCommands = events.filter(
      (event) =>
        Object.values(event).find(
          (attributes) =>
            typeof attributes === 'object' &&
            attributes !== null &&
            'workflowTaskCompletedEventId' in attributes &&
            String(attributes.workflowTaskCompletedEventId) === String(firstTaskCompleted),
        ) !== undefined,
    );
    const firstTaskTypes = firstTaskCommands.map((event) => EventType[event.eventType!]);
    expect(firstTaskTypes).toContain('EVENT_TYPE_MARKER_RECORDED'); // the patch and local-activity markers
    // The writes ran as local activities in this same task (src/workflows/target-write.ts), so it holds both memo
    // writes of the event: taken up ("applying") and its outcome. None for "queued", which the start's memo says.
    expect(firstTaskTypes.filter((type) => type === 'EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED')).toHaveLength(
      2,
    );
    // The record's status is upserted; the event-log attributes the API's start set are not written again.
    const upsertedKeys = firstTaskCommands.flatMap((event) =>
      Object.keys(event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
    );
    expect(upsertedKeys).toContain('TemporalChangeVersion');
    expect(upsertedKeys).toContain(syncStatusAttribute.name);
    for (const key of [eventsAcceptedAttribute, firstEventAtAttribute, lastEventAtAttribute]) {
      expect(upsertedKeys).not.toContain(key.name);
    }
    const changeVersion = await handle.describe();
    expect(changeVersion.searchAttributes.TemporalChangeVersion).toEqual(['record-local-first-writes']);
    // The new record's approval policy was evaluated by the mapping's local activity (no marker of its own), and
    // all three targets were written by local first attempts: no activity task was scheduled.
    const localActivities = firstTaskCommands.flatMap((event) => {
      const details = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
      if (event.markerRecordedEventAttributes?.markerName !== 'core_local_activity' || !details) return [];
      return [(JSON.parse(Buffer.from(details).toString()) as { activity_type: string }).activity_type];
    });
    expect(localActivities).toEqual([
      'startRecordRun',
      'prepareSourceRecord',
      ...Array<string>(3).fill('deliverToTarget'), // the project, the billing contact, the customer
    ]);
    expect(events.some((event) => event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(
      false,
    );

    // Its outcome is published as before, and the start's count stands.
    const afterFirst = await waitFor('the memo to say written', async () => {
      const description = await handle.describe();
      const log = description.memo?.[eventLogMemoKey] as EventLogMemo | undefined;
      return log?.entries[0]?.[3] === EventOutcome.written ? description : undefined;
    });
    const firstLog = afterFirst.memo![eventLogMemoKey] as EventLogMemo;
    expect(firstLog.entries.map(([eventId, type, , outcome]) => [eventId, type, outcome])).toEqual([
      [accepted.eventId, 'deal.won', EventOutcome.written],
    ]);
    expect(afterFirst.typedSearchAttributes.get(eventsAcceptedAttribute)).toBe(1);

    // The second event is counted by the workflow's own upsert.
    const second = await postSignedWebhook(
      `${stack.apiUrl}/webhooks/crm`,
      dealWonEnvelope({ dealId, version: 2 }),
    );
    const afterSecond = await waitFor('the second event counted and its outcome in the memo', async () => {
      const description = await handle.describe();
      const log = description.memo?.[eventLogMemoKey] as EventLogMemo | undefined;
      return description.typedSearchAttributes.get(eventsAcceptedAttribute) === 2 &&
        log?.entries[1] &&
        !open.includes(log.entries[1][3])
        ? log
        : undefined;
    });
    expect(afterSecond.entries.map(([eventId]) => eventId)).toEqual([accepted.eventId, second.eventId]);
  });
});
