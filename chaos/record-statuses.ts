import type { Client } from '@temporalio/client';
import {
  parkedClassAttribute,
  parkedReasonAttribute,
  recordKeyAttribute,
  syncStatusAttribute,
} from '../src/temporal/search-attributes';

/** Where one record workflow stands, as Temporal's visibility shows it. */
export interface RecordStatus {
  workflowId: string;
  recordKey: string;
  status: string;
  /** `LoudwireParkedClass: LoudwireParkedReason` of a parked record. */
  parkedBecause?: string;
}

/** Every record workflow of the run's task queue (one visibility listing; a few seconds for thousands). */
export async function listRecordStatuses(temporal: Client, taskQueue: string): Promise<RecordStatus[]> {
  const records: RecordStatus[] = [];
  for await (const execution of temporal.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
    const attributes = execution.typedSearchAttributes;
    const recordKey = attributes.get(recordKeyAttribute);
    if (!recordKey) continue; // not a record workflow (an alert companion)
    const status = attributes.get(syncStatusAttribute) ?? '(none)';
    records.push({
      workflowId: execution.workflowId,
      recordKey,
      status,
      ...(status === 'Parked' && {
        parkedBecause: `${attributes.get(parkedClassAttribute) ?? '?'}: ${attributes.get(parkedReasonAttribute) ?? ''}`,
      }),
    });
  }
  return records;
}
