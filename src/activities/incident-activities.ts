import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { LoudwireEnvironment } from '../config/environment';
import type { IncidentKey } from '../incidents/incident-key';
import {
  incidentJoinSignal,
  incidentLeaveSignal,
  type IncidentInput,
  type IncidentJoin,
  type IncidentLeave,
} from '../workflows/incident-messages';

export interface IncidentSettings {
  /** How often an open incident sends a digest (INCIDENT_DIGEST_INTERVAL). */
  digestIntervalMs: number;
  alertRetryWindowMs: number;
  continueAsNewAfterEvents: number;
  /**
   * How long an incident of warnings (schema drift, target drift) stays open without a record showing its cause
   * (INCIDENT_QUIET_WINDOW). Absent from settings recorded before it existed; only warning incidents read it.
   */
  quietWindowMs: number;
}

export interface JoinIncidentInput {
  incidentWorkflowId: string;
  key: IncidentKey;
  join: IncidentJoin;
}

/** The activities records and incidents use to find each other (src/workflows/incident-workflow.ts). */
export function createIncidentActivities(env: LoudwireEnvironment) {
  return {
    /** Local activity: an incident's settings, recorded once per run. */
    async readIncidentSettings(): Promise<IncidentSettings> {
      return {
        digestIntervalMs: env.INCIDENT_DIGEST_INTERVAL,
        alertRetryWindowMs: env.ALERT_RETRY_WINDOW,
        continueAsNewAfterEvents: env.CONTINUE_AS_NEW_AFTER_EVENTS,
        quietWindowMs: env.INCIDENT_QUIET_WINDOW,
      };
    },

    /** A parked record joins the incident of its cause, opening it (signal-with-start) when none is open. */
    async joinIncident(input: JoinIncidentInput): Promise<void> {
      const { client, info } = Context.current();
      await client.workflow.signalWithStart('incidentWorkflow', {
        workflowId: input.incidentWorkflowId,
        taskQueue: info.taskQueue,
        args: [{ key: input.key } satisfies IncidentInput],
        signal: incidentJoinSignal,
        signalArgs: [input.join],
        staticSummary: `Incident: ${input.key.alertClass} on ${input.key.target} (${input.key.integration})`,
      });
    },

    /** The record is no longer parked on this incident. An incident that is already closed needs nothing. */
    async leaveIncident(input: { incidentWorkflowId: string; leave: IncidentLeave }): Promise<void> {
      const { client } = Context.current();
      try {
        await client.workflow.getHandle(input.incidentWorkflowId).signal(incidentLeaveSignal, input.leave);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}
