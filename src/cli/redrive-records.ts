import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { printableKey } from '../keys/printable-key';
import {
  recordSyncStateQuery,
  redriveUpdate,
  type RedriveAction,
  type RedriveRequest,
} from '../workflows/record-sync-messages';
import type { ParkedRecord } from './parked-records';

export type RedriveVerdict = 'accepted' | 'not-applicable' | 'failed';

export interface RedriveOutcome {
  workflowId: string;
  verdict: RedriveVerdict;
  detail: string;
}

export interface RedriveOptions {
  action: RedriveAction;
  operator: string;
  reason?: string;
  payload?: unknown;
  /** How many records are redriven at once. */
  concurrency: number;
  onProgress?: (done: number, total: number, outcome: RedriveOutcome) => void;
}

/**
 * Sends the operator's decision to every record, a few at a time. Idempotent: each Update is keyed by the
 * record's current incident, so sending the same redrive twice applies it once, and a record that is no longer
 * parked refuses it in the Update validator (nothing enters its history).
 */
export async function redriveRecords(
  client: Client,
  records: readonly ParkedRecord[],
  options: RedriveOptions,
): Promise<RedriveOutcome[]> {
  const outcomes: RedriveOutcome[] = [];
  let next = 0;
  const workers = Array.from({ length: Math.min(options.concurrency, records.length) }, async () => {
    while (next < records.length) {
      const record = records[next++]!;
      const outcome = await redriveOne(client, record.workflowId, options);
      outcomes.push(outcome);
      options.onProgress?.(outcomes.length, records.length, outcome);
    }
  });
  await Promise.all(workers);
  return outcomes;
}

async function redriveOne(
  client: Client,
  workflowId: string,
  options: RedriveOptions,
): Promise<RedriveOutcome> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const state = await handle.query(recordSyncStateQuery);
    if (!state.parked)
      return { workflowId, verdict: 'not-applicable', detail: `not parked (${state.status})` };
    const request: RedriveRequest = {
      action: options.action,
      operator: options.operator,
      incidentId: state.parked.incidentId,
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.payload === undefined ? {} : { payload: options.payload }),
    };
    const result = await handle.executeUpdate(redriveUpdate, {
      args: [request],
      // The incident ID embeds the sender's event ID; Temporal refuses Update IDs that are too long.
      updateId: printableKey(`redrive:${state.parked.incidentId}`),
    });
    return { workflowId, verdict: 'accepted', detail: `${result.action} (incident ${result.incidentId})` };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      return { workflowId, verdict: 'not-applicable', detail: error.cause?.message ?? error.message };
    }
    return { workflowId, verdict: 'failed', detail: (error as Error).message };
  }
}
