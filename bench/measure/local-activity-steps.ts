import proto from '@temporalio/proto';
import { eventTimeMs, timestampMs } from './history-event-time';

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** What a workflow task's time is split into, before the names of its local activities. */
export const beforeLocalActivities = 'before the first local activity';

interface LocalActivityMarker {
  activityType: string;
  scheduledAt: number;
}

/**
 * How the workflow tasks that ran local activities spent their time, in ms per step of one history: from the
 * task's start to its first local activity's schedule, then from each local activity's schedule to the next one's
 * (or, for the last, to the task's completion, so it carries the workflow code after it too). The schedule times
 * come from the markers' `original_schedule_time` (the worker's clock, which a local Temporal server shares).
 * Tasks without local activities are not counted.
 */
export function localActivitySteps(events: readonly HistoryEvent[]): Record<string, number> {
  const steps: Record<string, number> = {};
  const add = (step: string, ms: number) => {
    steps[step] = (steps[step] ?? 0) + Math.max(0, ms);
  };
  let startedAt: number | undefined;
  let task: { startedAt: number; completedAt: number; markers: LocalActivityMarker[] } | undefined;
  const closeTask = () => {
    if (!task || task.markers.length === 0) return;
    const markers = task.markers.sort((a, b) => a.scheduledAt - b.scheduledAt);
    add(beforeLocalActivities, markers[0]!.scheduledAt - task.startedAt);
    markers.forEach((marker, index) => {
      const until = markers[index + 1]?.scheduledAt ?? task!.completedAt;
      add(marker.activityType, until - marker.scheduledAt);
    });
  };
  for (const event of events) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        startedAt = eventTimeMs(event);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        closeTask();
        task =
          startedAt === undefined ? undefined : { startedAt, completedAt: eventTimeMs(event), markers: [] };
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED: {
        const marker = localActivityMarker(event);
        if (marker && task) task.markers.push(marker);
        break;
      }
      default:
        break;
    }
  }
  closeTask();
  return steps;
}

function localActivityMarker(event: HistoryEvent): LocalActivityMarker | undefined {
  const attributes = event.markerRecordedEventAttributes;
  if (attributes?.markerName !== 'core_local_activity') return undefined;
  const data = attributes.details?.['data']?.payloads?.[0]?.data;
  if (!data) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as {
      activity_type?: string;
      original_schedule_time?: { seconds?: number | string; nanos?: number };
    };
    const time = parsed.original_schedule_time;
    if (!parsed.activity_type || !time) return undefined;
    return {
      activityType: parsed.activity_type,
      scheduledAt: timestampMs(time),
    };
  } catch {
    return undefined; // a marker this bench does not know how to read: left out of the split
  }
}
