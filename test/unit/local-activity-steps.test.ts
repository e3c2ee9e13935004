import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { beforeLocalActivities, localActivitySteps } from '../../bench/measure/local-activity-steps';

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

const base = 1_700_000_000_000;
const at = (ms: number) => ({ seconds: Math.floor((base + ms) / 1000), nanos: ((base + ms) % 1000) * 1e6 });

/** A local activity marker as Temporal core writes it: JSON metadata with the worker's schedule time. */
function marker(eventId: number, activityType: string, scheduledMs: number) {
  const data = Buffer.from(
    JSON.stringify({
      seq: eventId,
      attempt: 1,
      activity_type: activityType,
      original_schedule_time: at(scheduledMs),
    }),
  );
  return {
    eventId,
    eventType: EventType.EVENT_TYPE_MARKER_RECORDED,
    eventTime: at(200),
    markerRecordedEventAttributes: {
      markerName: 'core_local_activity',
      details: { data: { payloads: [{ data }] } },
    },
  };
}

function history(): HistoryEvent[] {
  const events = [
    { eventId: 1, eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, eventTime: at(0) },
    { eventId: 2, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, eventTime: at(0) },
    { eventId: 3, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, eventTime: at(20) },
    { eventId: 4, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, eventTime: at(200) },
    // A patch marker is not a local activity.
    {
      eventId: 5,
      eventType: EventType.EVENT_TYPE_MARKER_RECORDED,
      eventTime: at(200),
      markerRecordedEventAttributes: { markerName: 'core_patch' },
    },
    marker(6, 'prepareSourceRecord', 150),
    marker(7, 'startRecordRun', 30),
    { eventId: 8, eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, eventTime: at(200) },
    { eventId: 9, eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, eventTime: at(210) },
    { eventId: 10, eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, eventTime: at(300) },
    { eventId: 11, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, eventTime: at(300) },
    { eventId: 12, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, eventTime: at(310) },
    // A task without local activities adds nothing.
    { eventId: 13, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, eventTime: at(330) },
  ];
  return events as unknown as HistoryEvent[];
}

describe('the local activity split of a workflow task', () => {
  it('gives each local activity the time from its schedule to the next one’s, the last one to the task’s end', () => {
    expect(localActivitySteps(history())).toEqual({
      [beforeLocalActivities]: 10,
      startRecordRun: 120,
      prepareSourceRecord: 50,
    });
  });

  it('is empty for a history without local activities', () => {
    const withoutMarkers = history().filter(
      (event) => event.eventType !== EventType.EVENT_TYPE_MARKER_RECORDED,
    );
    expect(localActivitySteps(withoutMarkers)).toEqual({});
  });
});
