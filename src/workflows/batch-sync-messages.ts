import type { RowCorrection } from '../batch/batch-sync-types';
import { defineQuery } from '@temporalio/workflow';
import type { DestinationRow } from '../batch/batch-integration';
import type { ReconciliationReport } from '../batch/batch-sync-types';
import type { RejectedRecord } from '../batch/map-source-records';
import type { SyncWindow } from '../batch/sync-window';

/** Where a batch sync run is. */
export const BatchSyncPhase = {
  extracting: 'Extracting',
  writing: 'Writing',
  reconciling: 'Reconciling',
  reconciled: 'Reconciled',
  failed: 'Failed',
} as const;
export type BatchSyncPhase = (typeof BatchSyncPhase)[keyof typeof BatchSyncPhase];

export interface BatchSyncInput {
  /** The batch integration (`billable-hours`). */
  integration: string;
  /** The days to sync. Absent on scheduled runs: then the `windowDays` days before the scheduled time. */
  window?: SyncWindow;
  /** @default 1 (yesterday) */
  windowDays?: number;
  /** Time zone the days are counted in. @default 'UTC' */
  timeZone?: string;
  /**
   * Source rows of the previous run, for the empty-source check. Scheduled runs need not pass it: the schedule
   * hands each run the previous successful run's result, which carries it.
   */
  previousSourceRows?: number;
  /** Overrides of the worker's batch settings for this sync (a large backfill, a test). */
  tuning?: { pageSize?: number; pagesPerActivity?: number; pagesPerRun?: number; writeBatchSize?: number };
  /** Continue-as-new only: where the previous run of this chain stopped. */
  carried?: BatchSyncCarriedState;
}

/** Counters shown while a sync runs and returned when it ends. */
export interface BatchSyncCounts {
  pagesRead: number;
  recordsRead: number;
  rejected: number;
  rows: number;
  rowsWritten: number;
  created: number;
  duplicates: number;
  refused: number;
  /** Source reads that resumed from a heartbeat after a failed attempt, instead of starting over. */
  resumedReads: number;
}

export interface BatchSyncProgress {
  integration: string;
  phase: BatchSyncPhase;
  window: SyncWindow;
  counts: BatchSyncCounts;
  /** A sample of rejected source records. */
  rejects: RejectedRecord[];
  /** A sample of rows the destination refused. */
  refusedRows: { key: string; reason: string }[];
  /** Rows the destination held with another value and that were corrected (late source data); a bounded sample. */
  corrections?: RowCorrection[];
  /** How many rows were corrected. */
  correctedCount?: number;
  /** How many times this sync has continued as new. */
  continuedAsNew: number;
  reconciliation?: ReconciliationReport;
  problem?: string;
}

/** What a run hands the next run of its chain through continue-as-new. */
export interface BatchSyncCarriedState {
  progress: BatchSyncProgress;
  cursor: string | null;
  /** Rows so far (extracting), or every row in key order (writing). */
  rows: DestinationRow[];
  /** Index of the next row to write. */
  writeOffset: number;
  previousSourceRows: number | undefined;
  /** Stable across continue-as-new: the write batches' idempotency keys derive from it. */
  chainId: string;
}

/** The result of a reconciled run; the next scheduled run reads `sourceRows` from it. */
export interface BatchSyncResult {
  integration: string;
  window: SyncWindow;
  counts: BatchSyncCounts;
  sourceRows: number;
  destinationRows: number;
  checksum: string;
}

/** The sync's progress, at any time (CLI, tests, operators). */
export const batchSyncProgressQuery = defineQuery<BatchSyncProgress>('batchSyncProgress');
