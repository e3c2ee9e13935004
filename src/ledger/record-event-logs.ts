import type { Client } from '@temporalio/client';
import {
  firstEventAtAttribute,
  integrationAttribute,
  lastEventAtAttribute,
  parkedClassAttribute,
  recordKeyAttribute,
  sourceAttribute,
  syncStatusAttribute,
} from '../temporal/search-attributes';
import { eventLogMemoKey, type EventLogMemo } from '../workflows/event-log-entry';

/** One record workflow run with events in the window, and its event log as its memo holds it. */
export interface RecordEventLogView {
  workflowId: string;
  runId: string;
  integration: string;
  source: string;
  recordKey: string;
  /** `LoudwireSyncStatus` now. */
  syncStatus: string;
  parkedClass?: string;
  /** Temporal's execution status: `RUNNING`, `COMPLETED`, `FAILED`, `TERMINATED`, … */
  executionStatus: string;
  log: EventLogMemo;
}

const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

/**
 * Every record of this deployment's task queue that accepted an event since `since`, with its event log — one
 * visibility listing, no query per workflow. A continued-as-new run's log travels to its successor, so only the
 * latest run of each record is read.
 */
export function readRecordEventLogs(
  client: Client,
  options: {
    taskQueue: string;
    since: Date;
    integration?: string;
    /** Only records whose run accepted its first event before this (their window started earlier). */
    firstEventBefore?: Date;
    pageSize?: number;
  },
): Promise<RecordEventLogView[]> {
  return listEventLogs(
    client,
    [
      ...scope(options),
      `WorkflowType = "recordSyncWorkflow"`,
      `ExecutionStatus != "ContinuedAsNew"`,
      ...(options.integration ? [`${integrationAttribute.name} = ${quoted(options.integration)}`] : []),
      ...(options.firstEventBefore
        ? [`${firstEventAtAttribute.name} < ${quoted(options.firstEventBefore.toISOString())}`]
        : []),
    ],
    options.pageSize,
  );
}

/** The events of types no integration handles, kept since `since` (one workflow each), from these sources. */
export function readUnhandledEventLogs(
  client: Client,
  options: { taskQueue: string; since: Date; sources: readonly string[]; pageSize?: number },
): Promise<RecordEventLogView[]> {
  if (options.sources.length === 0) return Promise.resolve([]);
  return listEventLogs(
    client,
    [
      ...scope(options),
      `WorkflowType = "unhandledEventWorkflow"`,
      `${sourceAttribute.name} IN (${options.sources.map(quoted).join(', ')})`,
    ],
    options.pageSize,
  );
}

function scope(options: { taskQueue: string; since: Date }): string[] {
  return [
    `TaskQueue = ${quoted(options.taskQueue)}`,
    `${lastEventAtAttribute.name} >= ${quoted(options.since.toISOString())}`,
  ];
}

async function listEventLogs(
  client: Client,
  conditions: string[],
  pageSize = 1_000,
): Promise<RecordEventLogView[]> {
  const records: RecordEventLogView[] = [];
  for await (const execution of client.workflow.list({ query: conditions.join(' AND '), pageSize })) {
    const attributes = execution.typedSearchAttributes;
    const parkedClass = attributes.get(parkedClassAttribute);
    records.push({
      workflowId: execution.workflowId,
      runId: execution.runId,
      integration: attributes.get(integrationAttribute) ?? '',
      source: attributes.get(sourceAttribute) ?? '',
      recordKey: attributes.get(recordKeyAttribute) ?? '',
      syncStatus: attributes.get(syncStatusAttribute) ?? '',
      ...(parkedClass ? { parkedClass } : {}),
      executionStatus: execution.status.name,
      log: (execution.memo?.[eventLogMemoKey] as EventLogMemo | undefined) ?? { entries: [] },
    });
  }
  return records;
}
