import type { DestinationRow } from './batch-integration';
import type { RejectedRecord } from './map-source-records';
import type { RowAggregation } from './row-aggregation';
import type { SyncWindow } from './sync-window';

// Inputs and results of the batch activities: plain JSON, shared by the activities and the workflow.

/** Retry policy of one side (source reads or destination writes), in milliseconds. */
export interface BatchRetryPolicy {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

/** The worker's batch settings, read once per run through a local activity (recorded, so replays agree). */
export interface BatchSyncSettings {
  aggregation: RowAggregation;
  pageSize: number;
  pagesPerActivity: number;
  pagesPerRun: number;
  writeBatchSize: number;
  heartbeatTimeoutMs: number;
  /** startToClose of one activity attempt. */
  activityTimeoutMs: number;
  sourceRetry: BatchRetryPolicy;
  destinationRetry: BatchRetryPolicy;
  sampleSize: number;
  continueAsNewAfterEvents: number;
}

export interface ExtractPagesInput {
  integration: string;
  window: SyncWindow;
  /** Where to start; null = the beginning of the window. */
  cursor: string | null;
  pageSize: number;
  maxPages: number;
  sampleSize: number;
}

/** What a call of `extractSourcePages` read, mapped and folded into rows. Also its heartbeat details. */
export interface ExtractedPages {
  rows: DestinationRow[];
  /** Rejected records, at most `sampleSize` of them; `rejectedCount` counts all. */
  rejects: RejectedRecord[];
  rejectedCount: number;
  recordsRead: number;
  pagesRead: number;
  /** Null when the source has no more pages. */
  nextCursor: string | null;
  /** Pages this call found already done in an earlier attempt's heartbeat (0 = started fresh). */
  resumedAfterPages: number;
}

export interface WriteRowsInput {
  integration: string;
  rows: DestinationRow[];
  batchKey: string;
}

export interface WriteRowsResult {
  created: number;
  duplicates: number;
  refused: { key: string; reason: string }[];
  /** Rows the destination held with another value, now corrected (absent in results recorded before corrections). */
  corrected?: RowCorrection[];
}

/** A destination row whose value changed when its window was synced again (late source data). */
export interface RowCorrection {
  key: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface ReconcileInput {
  integration: string;
  window: SyncWindow;
  pageSize: number;
  sampleSize: number;
}

/** One side of a reconciliation: how many rows, and the order-independent checksum over their canonical fields. */
export interface ReconciliationSide {
  rows: number;
  checksum: string;
}

/**
 * Source and destination compared for one window. The key lists are bounded samples (`sampleSize`); the counts
 * count everything.
 */
export interface ReconciliationReport {
  window: SyncWindow;
  source: ReconciliationSide & { records: number; rejected: number };
  destination: ReconciliationSide;
  matched: boolean;
  /** In the source, not in the destination (e.g. silently dropped writes). */
  missingKeys: string[];
  missingCount: number;
  /** In both, with different canonical fields (e.g. silently altered values). */
  alteredKeys: { key: string; expected: Record<string, unknown>; actual: Record<string, unknown> }[];
  alteredCount: number;
  /** In the destination only. */
  unexpectedKeys: string[];
  unexpectedCount: number;
  /** Held more than once by the destination. */
  duplicatedKeys: string[];
  duplicatedCount: number;
}
