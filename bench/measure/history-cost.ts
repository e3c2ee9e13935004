import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;
const { History } = proto.temporal.api.history.v1;

export interface HistoryCost {
  workflowId: string;
  events: number;
  /** Encoded size of the whole history (what the server stores and a replay reads). */
  bytes: number;
  /** Worker round trips for workflow tasks (WorkflowTaskCompleted events). */
  workflowTasks: number;
  activityTasks: number;
  localActivityMarkers: number;
  /** Event type (without the EVENT_TYPE_ prefix) → count. */
  byType: Record<string, number>;
}

/** Reads one workflow's history through the client and counts what a record costs Temporal. */
export async function measureHistoryCost(client: Client, workflowId: string): Promise<HistoryCost> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const byType: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const name = (EventType[event.eventType ?? 0] ?? String(event.eventType)).replace(/^EVENT_TYPE_/, '');
    byType[name] = (byType[name] ?? 0) + 1;
  }
  return {
    workflowId,
    events: history.events?.length ?? 0,
    bytes: History.encode(history).finish().length,
    workflowTasks: byType.WORKFLOW_TASK_COMPLETED ?? 0,
    activityTasks: byType.ACTIVITY_TASK_SCHEDULED ?? 0,
    localActivityMarkers: byType.MARKER_RECORDED ?? 0,
    byType,
  };
}
