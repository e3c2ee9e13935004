import type { Client } from '@temporalio/client';
import {
  integrationAttribute,
  parkedClassAttribute,
  parkedReasonAttribute,
  recordKeyAttribute,
  syncStatusAttribute,
} from '../temporal/search-attributes';
import { SyncStatus } from '../workflows/record-sync-messages';

export interface ParkedRecord {
  workflowId: string;
  integration?: string;
  recordKey?: string;
  /** The incident's alert class, e.g. `DestinationMismatch` (absent on records parked before it was recorded). */
  parkedClass?: string;
  /** What went wrong, in visibility-safe text (see searchableText). */
  parkedReason?: string;
}

/** A visibility query for parked records, narrowed by an integration and/or an operator's own query. */
export function parkedQuery(options: { integration?: string; query?: string }): string {
  const clauses = [`${syncStatusAttribute.name} = "${SyncStatus.parked}"`];
  if (options.integration)
    clauses.push(`${integrationAttribute.name} = "${options.integration.replace(/"/g, '')}"`);
  if (options.query) clauses.push(`(${options.query})`);
  return clauses.join(' AND ');
}

/** Parked records from Temporal visibility (the source of truth: there is no second database). */
export async function listParkedRecords(client: Client, query: string): Promise<ParkedRecord[]> {
  const records: ParkedRecord[] = [];
  for await (const execution of client.workflow.list({ query })) {
    if (execution.status.name !== 'RUNNING') continue;
    const attributes = execution.typedSearchAttributes;
    records.push({
      workflowId: execution.workflowId,
      integration: attributes.get(integrationAttribute),
      recordKey: attributes.get(recordKeyAttribute),
      parkedClass: attributes.get(parkedClassAttribute),
      parkedReason: attributes.get(parkedReasonAttribute),
    });
  }
  return records;
}
