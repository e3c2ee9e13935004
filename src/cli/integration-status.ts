import type { Client } from '@temporalio/client';
import type { CredentialHealth } from '../activities/check-credentials';
import { AlertClass } from '../alerts/alert';
import type { DeclaredSchedule } from '../schedules/declared-schedule';
import { describeSchedules, type ScheduleStatus } from '../schedules/describe-schedules';
import {
  integrationAttribute,
  parkedClassAttribute,
  parkedReasonAttribute,
  syncStatusAttribute,
} from '../temporal/search-attributes';
import { SyncStatus } from '../workflows/record-sync-messages';
import { countAcceptedEvents, type AcceptedEventCounts } from '../ledger/accepted-event-counts';
import { countOpenIncidents } from '../incidents/count-open-incidents';

/** One integration's records, counted by Temporal visibility. */
export interface IntegrationRecordCounts {
  integration: string;
  /** Records by `LoudwireSyncStatus` (every status, zeros included), over open and completed records. */
  byStatus: Record<SyncStatus, number>;
  /** Parked records by the alert class that parked them; `Other` holds any the classes below do not name. */
  parkedByClass: Record<string, number>;
  /** Record workflows that ended abnormally (terminated, failed, timed out, cancelled): someone should look. */
  endedAbnormally: number;
  /** New records (workflows started by an accepted event) in the last hour and the last day. */
  newRecords: { lastHour: number; lastDay: number };
  /** Events accepted (redeliveries included) in the last hour and day, from the records' event logs. */
  acceptedEvents?: AcceptedEventCounts;
}

export interface CredentialStatus {
  /** When the latest completed credential health check closed (ISO 8601), if any ran. */
  checkedAt?: string;
  workflowId?: string;
  results: CredentialHealth[];
}

export interface LoudwireStatus {
  generatedAt: string;
  namespace: string;
  taskQueue: string;
  /** How long collecting the status took, in milliseconds. */
  elapsedMs: number;
  integrations: IntegrationRecordCounts[];
  /** Incidents still open (records parked by one cause, alerted once): `loudwire incidents` lists them. */
  openIncidents: number;
  schedules: (ScheduleStatus & { lastRunStatus?: string })[];
  credentials: CredentialStatus;
}

/** Alert classes that park a record (classify-incident.ts and the approval gate's expiry). */
export const parkingAlertClasses = [
  AlertClass.retryExhausted,
  AlertClass.errorInSuccessBody,
  AlertClass.credentialsRejected,
  AlertClass.targetRejected,
  AlertClass.destinationMismatch,
  AlertClass.emptyPayload,
  AlertClass.schemaDrift,
  AlertClass.recordRejected,
  AlertClass.approvalExpired,
] as const;

const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

/**
 * Counts one integration's records with visibility count queries, all at once: the server counts, nothing is
 * listed, so the cost does not grow with the number of records. (The dev server's SQL visibility can only
 * GROUP BY ExecutionStatus, hence one query per status.) Scoped to this deployment's task queue, so two
 * environments sharing a namespace never mix.
 */
export async function countIntegrationRecords(
  client: Client,
  options: { integration: string; taskQueue: string; now?: Date },
): Promise<IntegrationRecordCounts> {
  const now = options.now ?? new Date();
  const scope = `TaskQueue = ${quoted(options.taskQueue)} AND ${integrationAttribute.name} = ${quoted(options.integration)}`;
  // A continued-as-new run keeps its attributes; counting only live and completed runs counts each record once.
  const live = `${scope} AND ExecutionStatus IN ("Running", "Completed")`;
  const count = async (query: string) => (await client.workflow.count(query)).count;
  const statuses = Object.values(SyncStatus);
  const since = (ms: number) => new Date(now.getTime() - ms).toISOString();

  const [statusCounts, endedAbnormally, lastHour, lastDay] = await Promise.all([
    Promise.all(
      statuses.map((status) => count(`${live} AND ${syncStatusAttribute.name} = ${quoted(status)}`)),
    ),
    count(`${scope} AND ExecutionStatus IN ("Failed", "Terminated", "TimedOut", "Canceled")`),
    count(`${scope} AND ExecutionStatus != "ContinuedAsNew" AND StartTime > ${quoted(since(3_600_000))}`),
    count(`${scope} AND ExecutionStatus != "ContinuedAsNew" AND StartTime > ${quoted(since(86_400_000))}`),
  ]);
  const byStatus = Object.fromEntries(
    statuses.map((status, index) => [status, statusCounts[index] ?? 0]),
  ) as Record<SyncStatus, number>;
  const parkedQuery = `${live} AND ${syncStatusAttribute.name} = ${quoted(SyncStatus.parked)}`;
  const parkedByClass = await countParkedByClass(client, parkedQuery, byStatus[SyncStatus.parked]);
  return {
    integration: options.integration,
    byStatus,
    parkedByClass,
    endedAbnormally,
    newRecords: { lastHour, lastDay },
  };
}

/** Up to this many parked records are read and classified exactly; beyond it, each class is counted. */
const parkedListedUpTo = 200;

/**
 * Parked records by class. A few (the usual case) are listed in one call and classified by the class their
 * `LoudwireParkedClass` names; many are counted per class with exact matches on it. Either
 * way the server's visibility rate limit is spent sparingly (it throttles bursts of queries).
 */
async function countParkedByClass(
  client: Client,
  parkedQuery: string,
  parked: number,
): Promise<Record<string, number>> {
  const byClass: Record<string, number> = {};
  if (parked === 0) return byClass;
  if (parked <= parkedListedUpTo) {
    for await (const execution of client.workflow.list({ query: parkedQuery, pageSize: parkedListedUpTo })) {
      // Records parked before LoudwireParkedClass existed carry the class only at the start of their reason.
      const reason = execution.typedSearchAttributes.get(parkedReasonAttribute) ?? '';
      const alertClass =
        execution.typedSearchAttributes.get(parkedClassAttribute) ??
        parkingAlertClasses.find((candidate) => reason.startsWith(`${candidate}:`)) ??
        'Other';
      byClass[alertClass] = (byClass[alertClass] ?? 0) + 1;
    }
    return byClass;
  }
  const counts = await Promise.all(
    parkingAlertClasses.map(
      async (alertClass) =>
        (
          await client.workflow.count(
            `${parkedQuery} AND ${parkedClassAttribute.name} = ${quoted(alertClass)}`,
          )
        ).count,
    ),
  );
  parkingAlertClasses.forEach((alertClass, index) => {
    if (counts[index]) byClass[alertClass] = counts[index];
  });
  const classified = Object.values(byClass).reduce((sum, value) => sum + value, 0);
  if (parked > classified) byClass.Other = parked - classified;
  return byClass;
}

/**
 * The latest completed credential health check's result. Visibility lists the most recently closed runs
 * first, so one short page is enough however many checks have run.
 */
export async function latestCredentialHealth(client: Client, taskQueue: string): Promise<CredentialStatus> {
  const query = `WorkflowType = "credentialHealthWorkflow" AND ExecutionStatus = "Completed" AND TaskQueue = ${quoted(taskQueue)}`;
  let latest: { workflowId: string; runId: string; closedAt: Date } | undefined;
  let seen = 0;
  for await (const execution of client.workflow.list({ query, pageSize: 10 })) {
    const closedAt = execution.closeTime ?? new Date(0);
    if (!latest || closedAt > latest.closedAt)
      latest = { workflowId: execution.workflowId, runId: execution.runId, closedAt };
    if (++seen >= 10) break;
  }
  if (!latest) return { results: [] };
  const results = (await client.workflow
    .getHandle(latest.workflowId, latest.runId)
    .result()) as CredentialHealth[];
  return { checkedAt: latest.closedAt.toISOString(), workflowId: latest.workflowId, results };
}

/** Each declared schedule as the server holds it, with how its latest run ended (or that it is still running). */
async function scheduleStatuses(
  client: Client,
  schedules: readonly DeclaredSchedule[],
  idPrefix: string,
): Promise<LoudwireStatus['schedules']> {
  const described = await describeSchedules(client, schedules, idPrefix, 1);
  return Promise.all(
    described.map(async (schedule) => {
      if (!schedule.lastRun) return schedule;
      try {
        const run = await client.workflow.getHandle(schedule.lastRun.workflowId).describe();
        return { ...schedule, lastRunStatus: run.status.name };
      } catch {
        // The run's history is gone (retention): its outcome is no longer known.
        return { ...schedule, lastRunStatus: 'UNKNOWN' };
      }
    }),
  );
}

/** Everything `loudwire status` shows, collected concurrently. */
export async function collectStatus(
  client: Client,
  options: {
    integrations: readonly string[];
    schedules: readonly DeclaredSchedule[];
    namespace: string;
    taskQueue: string;
    scheduleIdPrefix: string;
  },
): Promise<LoudwireStatus> {
  const startedAt = performance.now();
  const now = new Date();
  const [counted, acceptedEvents, openIncidents, schedules, credentials] = await Promise.all([
    Promise.all(
      options.integrations.map((integration) =>
        countIntegrationRecords(client, { integration, taskQueue: options.taskQueue, now }),
      ),
    ),
    countAcceptedEvents(client, { taskQueue: options.taskQueue, now, integrations: options.integrations }),
    countOpenIncidents(client, options.taskQueue),
    scheduleStatuses(client, options.schedules, options.scheduleIdPrefix),
    latestCredentialHealth(client, options.taskQueue),
  ]);
  const noEvents: AcceptedEventCounts = { lastHour: 0, lastDay: 0 };
  const integrations = counted.map((counts) => ({
    ...counts,
    acceptedEvents: acceptedEvents.get(counts.integration) ?? noEvents,
  }));
  return {
    generatedAt: now.toISOString(),
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    elapsedMs: Math.round(performance.now() - startedAt),
    integrations,
    openIncidents,
    schedules,
    credentials,
  };
}
