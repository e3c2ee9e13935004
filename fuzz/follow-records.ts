import type { Client } from '@temporalio/client';
import { AlertClass } from '../src/alerts/alert';
import {
  parkedClassAttribute,
  parkedReasonAttribute,
  syncStatusAttribute,
} from '../src/temporal/search-attributes';
import { SyncStatus } from '../src/workflows/record-sync-messages';

/**
 * Parked classes whose cause is in the event's data: its sender can fix them, or a person can act on them (a
 * ticket naming a CRM company with no won deal). Anything else — a target refusing Loudwire's own key, retries
 * exhausted, a mismatch — is a failure of the run.
 */
export const senderFixableParkings: readonly string[] = [
  AlertClass.recordRejected,
  AlertClass.schemaDrift,
  AlertClass.emptyPayload,
  AlertClass.referenceNotFound,
];

export interface RecordOutcomes {
  total: number;
  byStatus: Record<string, number>;
  /** Workflows no 202 answer named: started for input that was refused. */
  unexpected: string[];
  /** Still `Received` when the wait ended. */
  unsettled: string[];
  /** Parked for a reason the sender cannot fix (e.g. `TargetRejected: invalid_idempotency_key`). */
  badlyParked: { workflowId: string; reason: string }[];
  /** Parked reasons by class, for the report. */
  parkedClasses: Record<string, number>;
}

/**
 * Waits until every record workflow on the task queue has left `Received` (or `timeoutMs` passes), then
 * judges where each ended, against the workflow IDs the API answered 202 with.
 */
export async function followRecords(
  temporal: Client,
  taskQueue: string,
  acceptedWorkflowIds: ReadonlySet<string>,
  timeoutMs: number,
  print: (line: string) => void,
): Promise<RecordOutcomes> {
  const deadline = Date.now() + timeoutMs;
  let listed = await listRecords(temporal, taskQueue);
  for (;;) {
    const waiting = listed.filter((record) => record.status === SyncStatus.received).length;
    const complete = listed.length >= acceptedWorkflowIds.size;
    if ((waiting === 0 && complete) || Date.now() > deadline) break;
    print(
      `[fuzz] waiting for records to settle: ${listed.length - waiting}/${acceptedWorkflowIds.size} settled`,
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    listed = await listRecords(temporal, taskQueue);
  }
  const outcomes: RecordOutcomes = {
    total: listed.length,
    byStatus: {},
    unexpected: [],
    unsettled: [],
    badlyParked: [],
    parkedClasses: {},
  };
  for (const record of listed) {
    outcomes.byStatus[record.status] = (outcomes.byStatus[record.status] ?? 0) + 1;
    if (
      !acceptedWorkflowIds.has(record.workflowId) &&
      !isAlertCompanion(record.workflowId, acceptedWorkflowIds)
    ) {
      outcomes.unexpected.push(record.workflowId);
    }
    if (record.status === SyncStatus.received) outcomes.unsettled.push(record.workflowId);
    if (record.status === SyncStatus.parked) {
      const alertClass = record.parkedClass;
      outcomes.parkedClasses[alertClass] = (outcomes.parkedClasses[alertClass] ?? 0) + 1;
      if (!senderFixableParkings.includes(alertClass)) {
        outcomes.badlyParked.push({
          workflowId: record.workflowId,
          reason: `${alertClass}: ${record.parkedReason}`,
        });
      }
    }
  }
  return outcomes;
}

async function listRecords(temporal: Client, taskQueue: string) {
  const records: { workflowId: string; status: string; parkedClass: string; parkedReason: string }[] = [];
  for await (const execution of temporal.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
    records.push({
      workflowId: execution.workflowId,
      status: execution.typedSearchAttributes.get(syncStatusAttribute) ?? '(none)',
      parkedClass: execution.typedSearchAttributes.get(parkedClassAttribute) ?? '',
      parkedReason: execution.typedSearchAttributes.get(parkedReasonAttribute) ?? '',
    });
  }
  return records;
}

/**
 * An accepted event of a type no integration handles is kept in `unhandled:<source>:<event id>`, and its type is
 * counted by one alert workflow per source and type, `unhandled-alerts:<source>:<type>`: started by accepted input.
 */
function isAlertCompanion(workflowId: string, acceptedWorkflowIds: ReadonlySet<string>): boolean {
  // Parked records join one incident per cause, and scored records teach their integration's baseline: both
  // are started by accepted records (src/workflows/incident-workflow.ts, integration-baseline-workflow.ts).
  if (/^(incident|baseline):/.test(workflowId)) return acceptedWorkflowIds.size > 0;
  const match = /^unhandled-alerts:([^:]+):/.exec(workflowId);
  if (!match) return false;
  const keptPrefix = `unhandled:${match[1]}:`;
  return [...acceptedWorkflowIds].some((accepted) => accepted.startsWith(keptPrefix));
}
