import type { Client } from '@temporalio/client';
import {
  incidentStateQuery,
  type IncidentExit,
  type IncidentMember,
  type IncidentResult,
  type IncidentState,
} from '../workflows/incident-messages';

/** One incident as `loudwire incidents` shows it. */
export interface IncidentSummary {
  /** The incident workflow's ID: what `loudwire redrive --incident ID` takes. */
  id: string;
  status: 'open' | 'resolved' | 'failed';
  /**
   * `parked`: records parked by one failure, resolved when the last leaves. `warning`: records that showed one
   * warning and went on (schema drift, target drift), resolved when none has shown it for INCIDENT_QUIET_WINDOW.
   */
  kind: 'parked' | 'warning';
  integration: string;
  target: string;
  alertClass: string;
  fingerprint: string;
  openedAt: string;
  resolvedAt?: string;
  /** Records that joined. */
  joined: number;
  /** Warning incidents: events that showed the warning, and when the last one did. */
  sightings?: number;
  lastSeenAt?: string;
  /** Warning incidents, open: when it resolves if no record shows the warning before. */
  resolvesAt?: string;
  /** Records parked on it now (0 once resolved). */
  parked: number;
  left: Record<IncidentExit, number>;
  digests: number;
  cause: string;
  /** The first records that joined; `membersOmitted` counts the rest. */
  members: IncidentMember[];
  membersOmitted: number;
}

/**
 * Incidents of this deployment's task queue, newest first, from Temporal: open ones answer a query (their live
 * state), resolved ones their result. Runs that continued as new are skipped (their successor is listed).
 */
export async function listIncidents(
  client: Client,
  options: { taskQueue: string; openOnly: boolean; limit: number },
): Promise<IncidentSummary[]> {
  const clauses = [
    `WorkflowType = "incidentWorkflow"`,
    `TaskQueue = "${options.taskQueue.replace(/"/g, '')}"`,
  ];
  clauses.push(options.openOnly ? `ExecutionStatus = "Running"` : `ExecutionStatus != "ContinuedAsNew"`);
  const summaries: IncidentSummary[] = [];
  for await (const execution of client.workflow.list({ query: clauses.join(' AND ') })) {
    if (summaries.length >= options.limit) break;
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
    if (execution.status.name === 'RUNNING') {
      const state = await handle.query(incidentStateQuery);
      if (!state.cause) continue; // started, its opening join not yet applied
      summaries.push({
        id: execution.workflowId,
        status: 'open',
        kind: state.kind ?? 'parked',
        ...state.key,
        openedAt: new Date(state.openedAt).toISOString(),
        joined: state.joined,
        ...warningFacts(state),
        parked: state.open.length,
        left: state.left,
        digests: state.digests,
        cause: state.cause,
        members: state.listed,
        membersOmitted: state.joined - state.listed.length,
      });
    } else if (execution.status.name === 'COMPLETED') {
      const result = (await handle.result()) as IncidentResult;
      summaries.push({
        id: execution.workflowId,
        status: 'resolved',
        kind: result.kind ?? 'parked',
        ...result.key,
        openedAt: new Date(result.openedAt).toISOString(),
        resolvedAt: new Date(result.resolvedAt).toISOString(),
        joined: result.joined,
        ...(result.sightings === undefined ? {} : { sightings: result.sightings }),
        parked: 0,
        left: result.left,
        digests: result.digests,
        cause: result.cause,
        members: result.listed,
        membersOmitted: result.joined - result.listed.length,
      });
    } else {
      summaries.push({
        id: execution.workflowId,
        status: 'failed',
        kind: 'parked',
        integration: '?',
        target: '?',
        alertClass: '?',
        fingerprint: '?',
        openedAt: execution.startTime.toISOString(),
        joined: 0,
        parked: 0,
        left: { redriven: 0, skipped: 0, superseded: 0 },
        digests: 0,
        cause: `incident workflow ${execution.status.name.toLowerCase()}`,
        members: [],
        membersOmitted: 0,
      });
    }
  }
  return summaries;
}

function warningFacts(
  state: IncidentState,
): Pick<IncidentSummary, 'sightings' | 'lastSeenAt' | 'resolvesAt'> {
  if (state.kind !== 'warning' || state.lastSeenAt === undefined) return {};
  return {
    sightings: state.sightings ?? state.joined,
    lastSeenAt: new Date(state.lastSeenAt).toISOString(),
    ...(state.quietWindowMs === undefined
      ? {}
      : { resolvesAt: new Date(state.lastSeenAt + state.quietWindowMs).toISOString() }),
  };
}
