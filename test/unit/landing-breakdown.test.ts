import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { splitLandingTime, taskIntervals } from '../../bench/measure/landing-breakdown';

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

const base = 1_700_000_000_000;
const at = (ms: number) => ({ seconds: Math.floor((base + ms) / 1000), nanos: ((base + ms) % 1000) * 1e6 });

/** A record's happy path: started, a workflow task with local activities, two writes, the last workflow task. */
function history(): HistoryEvent[] {
  // Plain numbers where the protobuf types say Long: the breakdown reads every ID and time through Number().
  const events = [
    { eventId: 1, eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, eventTime: at(10) },
    { eventId: 2, eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, eventTime: at(10) },
    {
      eventId: 3,
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      eventTime: at(40),
      workflowTaskStartedEventAttributes: { scheduledEventId: 2 },
    },
    {
      eventId: 4,
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      eventTime: at(100),
      workflowTaskCompletedEventAttributes: { scheduledEventId: 2 },
    },
    { eventId: 5, eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, eventTime: at(100) },
    { eventId: 6, eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, eventTime: at(100) },
    {
      eventId: 7,
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      eventTime: at(120),
      activityTaskStartedEventAttributes: { scheduledEventId: 5 },
    },
    {
      eventId: 8,
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      eventTime: at(150),
      activityTaskStartedEventAttributes: { scheduledEventId: 6 },
    },
    {
      eventId: 9,
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      eventTime: at(200),
      activityTaskCompletedEventAttributes: { scheduledEventId: 5 },
    },
    {
      eventId: 10,
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      eventTime: at(260),
      activityTaskCompletedEventAttributes: { scheduledEventId: 6 },
    },
  ];
  return events as unknown as HistoryEvent[];
}

describe('where a record’s 202 → landed time goes', () => {
  it('pairs each task’s scheduled, started and finished events into queued and running intervals', () => {
    const intervals = taskIntervals(history(), base + 300);
    expect(intervals.map(({ state, from, to }) => [state, to - from])).toEqual([
      ['workflowTaskQueued', 30],
      ['workflowTaskRunning', 60],
      ['activityQueued', 20],
      ['activityQueued', 50],
      ['activityRunning', 80],
      ['activityRunning', 110],
    ]);
  });

  it('gives every millisecond to exactly one state, running before queued, so the states add up to the total', () => {
    const split = splitLandingTime(history(), base, base + 280);
    expect(split).toEqual({
      untilStarted: 10, // 202 at 0, workflow started at 10
      workflowTaskQueued: 30, // 10 → 40
      workflowTaskRunning: 60, // 40 → 100
      activityQueued: 20, // 100 → 120, before any activity ran
      activityRunning: 140, // 120 → 260 (the two writes overlap: counted once)
      betweenTasks: 20, // 260 → 280: the landing seen after the last completion
    });
    expect(Object.values(split).reduce((sum, ms) => sum + ms, 0)).toBe(280);
  });

  it('counts a write still running when the record landed (it lands before its read-back) as running', () => {
    // Landed at 180: the first write completed at 200 and the second at 260, so neither completion is seen.
    const landedAt = base + 180;
    const seen = history().filter((event) => {
      const time = event.eventTime as unknown as { seconds: number; nanos: number };
      return time.seconds * 1000 + time.nanos / 1e6 <= landedAt;
    });
    const split = splitLandingTime(seen, base, landedAt);
    expect(split.activityRunning).toBe(60); // 120 → 180
    expect(split.betweenTasks).toBe(0);
  });

  it('counts a task still queued when the record landed up to the landing', () => {
    const events = history().slice(0, 6); // both activities scheduled, none started
    const split = splitLandingTime(events, base, base + 130);
    expect(split.activityQueued).toBe(30);
    expect(split.betweenTasks).toBe(0);
  });
});
