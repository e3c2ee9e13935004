import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SourceEvent, TargetSystem } from '../integrations/integration';
import type { MappingWarning } from '../mapping/outcome';

/** Signal carrying one source event (signalWithStart from the API). Redeliveries arrive here too. */
export const sourceEventSignal = defineSignal<[SourceEvent]>('sourceEvent');

/** Query for the workflow's current state (for tests, the CLI and operators). */
export const recordSyncStateQuery = defineQuery<RecordSyncState>('recordSyncState');

/** Sync status as shown in the `LoudwireSyncStatus` search attribute. */
export const SyncStatus = {
  received: 'Received',
  synced: 'Synced',
  rejected: 'Rejected',
  failed: 'Failed',
  ignored: 'Ignored',
} as const;
export type SyncStatus = (typeof SyncStatus)[keyof typeof SyncStatus];

export interface RecordSyncInput {
  integration: string;
  source: string;
  recordKey: string;
  /** State handed over by continue-as-new; absent on the first run. */
  carriedState?: RecordSyncState;
}

/** What one target holds for this record. */
export interface TargetWrite {
  targetId: string;
  /** The event whose write created it (or first found it already present). */
  eventId: string;
  /** False when the target already held a record with this external_id (nothing was created). */
  created: boolean;
}

export interface RecordSyncState {
  status: SyncStatus;
  /** Event IDs already accepted, most recent last; bounded (see `rememberedEventIds`). */
  seenEventIds: string[];
  /** Highest source sequence processed; events at or below it are stale. */
  lastSequence: number;
  /** Events received but not yet processed, carried across continue-as-new so none is lost. */
  pendingEvents: SourceEvent[];
  writes: Partial<Record<TargetSystem, TargetWrite>>;
  warnings: MappingWarning[];
  /** The latest failure or rejection, for operators. */
  lastProblem?: string;
  counts: { received: number; duplicates: number; stale: number; processed: number; ignored: number };
  /** Workflow time (epoch ms) of the latest accepted event; the dedup window runs from here. */
  lastEventAt: number;
}

/** How many event IDs a record remembers. Sequences catch older redeliveries beyond this. */
export const rememberedEventIds = 500;
