import { Context } from '@temporalio/activity';
import {
  unhandledEventAlertsWorkflowId,
  unhandledEventSeenSignal,
  type UnhandledEventAlertsInput,
} from '../workflows/unhandled-event-messages';

export interface ReportUnhandledEventInput {
  source: string;
  type: string;
  eventId: string;
  /** The workflow that keeps the event. */
  workflowId: string;
}

/** Tells the source and type's alerting workflow about one more event, starting it when none runs. */
export async function reportUnhandledEvent(input: ReportUnhandledEventInput): Promise<void> {
  const { client, info } = Context.current();
  await client.workflow.signalWithStart('unhandledEventAlertsWorkflow', {
    workflowId: unhandledEventAlertsWorkflowId(input.source, input.type),
    taskQueue: info.taskQueue,
    args: [{ source: input.source, type: input.type } satisfies UnhandledEventAlertsInput],
    signal: unhandledEventSeenSignal,
    signalArgs: [{ eventId: input.eventId, workflowId: input.workflowId }],
    staticSummary: `Alerts on "${input.type}" events from ${input.source} that no integration handles`,
  });
}
