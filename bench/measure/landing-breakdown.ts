import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { eventTimeMs } from './history-event-time';
import { summarizeLatencies } from './latency-summary';
import { localActivitySteps } from './local-activity-steps';

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/**
 * Where a record's end-to-end time goes, from its history: each millisecond between the 202 and the record being
 * present at every target is given to one state, in this order of precedence (so the states add up to the total):
 * - `workflowTaskRunning`: a workflow task started and not completed: the worker runs workflow code and its local
 *   activities (settings, previous-run read, mapping) inside it;
 * - `activityRunning`: an activity (look-up, target write) started and not finished: vendor calls;
 * - `workflowTaskQueued`: a workflow task scheduled and not yet picked up (schedule-to-start: worker busy, pollers);
 * - `activityQueued`: an activity scheduled and not yet picked up (task slots, rate limits);
 * - `untilStarted`: before the workflow's first event (the API's signalWithStart, as the server stamped it);
 * - `betweenTasks`: none of the above (the server turning a completion into the next task, history writes).
 */
export const landingStates = [
  'untilStarted',
  'workflowTaskQueued',
  'workflowTaskRunning',
  'activityQueued',
  'activityRunning',
  'betweenTasks',
] as const;
export type LandingState = (typeof landingStates)[number];

export interface LandingBreakdown {
  records: number;
  /** Median over the sampled records of the ms each state took, and of the total. */
  medianMs: Record<LandingState | 'total', number>;
  /** Median share of the total (0..1) per state. */
  medianShare: Record<LandingState, number>;
  /** Median count of workflow tasks and activity tasks before the record landed. */
  workflowTasks: number;
  activityTasks: number;
  /** Median schedule-to-start of a workflow task and of an activity task (ms). */
  workflowTaskScheduleToStartMs: number;
  /** Absent when no sampled record ran an activity task before it landed. */
  activityScheduleToStartMs?: number;
  /** Median ms per record of each step of its workflow tasks that ran local activities (local-activity-steps.ts). */
  localActivityStepsMs: Record<string, number>;
}

interface Interval {
  state: Exclude<LandingState, 'untilStarted' | 'betweenTasks'>;
  from: number;
  to: number;
}

const precedence: Interval['state'][] = [
  'workflowTaskRunning',
  'activityRunning',
  'workflowTaskQueued',
  'activityQueued',
];

/** Task intervals of one history (open ones end at `until`). */
export function taskIntervals(events: readonly HistoryEvent[], until: number): Interval[] {
  const intervals: Interval[] = [];
  const scheduledAt = new Map<number, { kind: 'workflow' | 'activity'; at: number }>();
  const startedAt = new Map<number, { kind: 'workflow' | 'activity'; at: number }>();
  for (const event of events) {
    const at = eventTimeMs(event);
    const id = Number(event.eventId ?? 0);
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        scheduledAt.set(id, { kind: 'workflow', at });
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        scheduledAt.set(id, { kind: 'activity', at });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const scheduledEventId = Number(
          (event.workflowTaskStartedEventAttributes ?? event.activityTaskStartedEventAttributes)
            ?.scheduledEventId ?? 0,
        );
        const scheduled = scheduledAt.get(scheduledEventId);
        if (!scheduled) break;
        intervals.push({
          state: scheduled.kind === 'workflow' ? 'workflowTaskQueued' : 'activityQueued',
          from: scheduled.at,
          to: at,
        });
        scheduledAt.delete(scheduledEventId);
        startedAt.set(scheduledEventId, { kind: scheduled.kind, at });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
        const attributes =
          event.workflowTaskCompletedEventAttributes ??
          event.workflowTaskFailedEventAttributes ??
          event.workflowTaskTimedOutEventAttributes ??
          event.activityTaskCompletedEventAttributes ??
          event.activityTaskFailedEventAttributes ??
          event.activityTaskTimedOutEventAttributes;
        const scheduledEventId = Number(attributes?.scheduledEventId ?? 0);
        const started = startedAt.get(scheduledEventId);
        if (started === undefined) break;
        intervals.push({
          state: started.kind === 'workflow' ? 'workflowTaskRunning' : 'activityRunning',
          from: started.at,
          to: at,
        });

        startedAt.delete(scheduledEventId);
        break;
      }
      default:
        break;
    }
  }
  // Still open when the record landed: a write lands at the target before its activity completes (read-back).
  for (const [, started] of startedAt)
    intervals.push({
      state: started.kind === 'workflow' ? 'workflowTaskRunning' : 'activityRunning',
      from: started.at,
      to: until,
    });
  for (const [, scheduled] of scheduledAt)
    intervals.push({
      state: scheduled.kind === 'workflow' ? 'workflowTaskQueued' : 'activityQueued',
      from: scheduled.at,
      to: until,
    });
  return intervals;
}

/** Milliseconds per state between `acceptedAt` and `landedAt` for one record's history. */
export function splitLandingTime(
  events: readonly HistoryEvent[],
  acceptedAt: number,
  landedAt: number,
): Record<LandingState, number> {
  const split = Object.fromEntries(landingStates.map((state) => [state, 0])) as Record<LandingState, number>;
  const startedAt = events.length > 0 ? eventTimeMs(events[0]!) : landedAt;
  const intervals = taskIntervals(events, landedAt);
  // Millisecond steps: a record's landing is seconds at most, and a few dozen records are sampled.
  for (let at = Math.floor(acceptedAt); at < landedAt; at++) {
    if (at < startedAt) {
      split.untilStarted += 1;
      continue;
    }
    const state = precedence.find((candidate) =>
      intervals.some((interval) => interval.state === candidate && interval.from <= at && at < interval.to),
    );
    split[state ?? 'betweenTasks'] += 1;
  }
  return split;
}

/**
 * Reads the histories of up to `sample` landed records and splits each one's 202 → landed time into states.
 * `landings` maps a record's workflow ID to its acceptance and landing times (epoch ms, this machine's clock,
 * which the local Temporal server shares).
 */
export async function measureLandingBreakdown(
  client: Client,
  landings: ReadonlyMap<string, { acceptedAt: number; landedAt: number }>,
  sample: number,
): Promise<LandingBreakdown | undefined> {
  // Evenly spread over the run, so neither the warm-up nor the tail alone is what is seen.
  const all = [...landings];
  const step = Math.max(1, all.length / sample);
  const chosen = Array.from(
    { length: Math.min(sample, all.length) },
    (_, index) => all[Math.floor(index * step)]!,
  );
  if (chosen.length === 0) return undefined;
  const splits: Record<LandingState | 'total', number>[] = [];
  const workflowTasks: number[] = [];
  const activityTasks: number[] = [];
  const workflowQueue: number[] = [];
  const activityQueue: number[] = [];
  const steps: Record<string, number>[] = [];
  for (const [workflowId, { acceptedAt, landedAt }] of chosen) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const events = (history.events ?? []).filter((event) => eventTimeMs(event) <= landedAt);
    splits.push({
      ...splitLandingTime(events, acceptedAt, landedAt),
      total: Math.round(landedAt - acceptedAt),
    });
    // Local-activity writes land before their task completes and records their markers: read the whole history.
    steps.push(localActivitySteps(history.events ?? []));
    const intervals = taskIntervals(events, landedAt);
    workflowTasks.push(intervals.filter((interval) => interval.state === 'workflowTaskRunning').length);
    activityTasks.push(intervals.filter((interval) => interval.state === 'activityRunning').length);
    for (const interval of intervals) {
      if (interval.state === 'workflowTaskQueued') workflowQueue.push(interval.to - interval.from);
      if (interval.state === 'activityQueued') activityQueue.push(interval.to - interval.from);
    }
  }
  const median = (values: number[]) => summarizeLatencies(values).p50;
  const medianMs = Object.fromEntries(
    [...landingStates, 'total' as const].map((state) => [state, median(splits.map((split) => split[state]))]),
  ) as LandingBreakdown['medianMs'];
  const medianShare = Object.fromEntries(
    landingStates.map((state) => [
      state,
      Math.round(median(splits.map((split) => split[state] / Math.max(1, split.total))) * 100) / 100,
    ]),
  ) as LandingBreakdown['medianShare'];
  return {
    records: chosen.length,
    medianMs,
    medianShare,
    workflowTasks: median(workflowTasks),
    activityTasks: median(activityTasks),
    workflowTaskScheduleToStartMs: median(workflowQueue),
    ...(activityQueue.length > 0 ? { activityScheduleToStartMs: median(activityQueue) } : {}),
    localActivityStepsMs: Object.fromEntries(
      [...new Set(steps.flatMap((record) => Object.keys(record)))].map((step) => [
        step,
        Math.round(median(steps.map((record) => record[step] ?? 0))),
      ]),
    ),
  };
}
