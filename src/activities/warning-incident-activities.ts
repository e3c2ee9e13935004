import { Context } from '@temporalio/activity';
import type { IncidentKey } from '../incidents/incident-key';
import {
  incidentJoinSignal,
  warningIncidentKind,
  type IncidentInput,
  type IncidentJoin,
} from '../workflows/incident-messages';

export interface NoticeWarningIncidentInput {
  incidentWorkflowId: string;
  key: IncidentKey;
  /** The record that showed the warning, with its own alert (the incident's opening alert when it is the first). */
  join: IncidentJoin;
}

/**
 * A record that showed a warning and went on (src/workflows/warning-incident-notices.ts) tells the incident of
 * that warning, opening it (signal-with-start) when none is open. An activity of its own, not `joinIncident`: a
 * worker that predates warning incidents cannot run it, so it can never open one as an incident of parked records.
 */
export function createWarningIncidentActivities() {
  return {
    async noticeWarningIncident(input: NoticeWarningIncidentInput): Promise<void> {
      const { client, info } = Context.current();
      await client.workflow.signalWithStart('incidentWorkflow', {
        workflowId: input.incidentWorkflowId,
        taskQueue: info.taskQueue,
        args: [{ key: input.key, kind: warningIncidentKind } satisfies IncidentInput],
        signal: incidentJoinSignal,
        signalArgs: [input.join],
        staticSummary: `Incident: ${input.key.alertClass} on ${input.key.target} (${input.key.integration}), warnings`,
      });
    },
  };
}
