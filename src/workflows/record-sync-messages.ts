import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AlertClass } from '../alerts/alert';
import type { SourceEvent } from '../integrations/integration';
import type { MappingWarning } from '../mapping/outcome';

/** Signal carrying one source event (signalWithStart from the API). Redeliveries arrive here too. */
export const sourceEventSignal = defineSignal<[SourceEvent]>('sourceEvent');

/** Query for the workflow's current state (for tests, the CLI and operators). */
export const recordSyncStateQuery = defineQuery<RecordSyncState>('recordSyncState');

/**
 * An operator's decision on a parked record. Sent as an Update so the validator can refuse a decision that does
 * not apply (nothing parked, another incident) before it enters the history, and the caller learns why.
 */
export const redriveUpdate = defineUpdate<RedriveResult, [RedriveRequest]>('redrive');

/** Sync status as shown in the `LoudwireSyncStatus` search attribute. */
export const SyncStatus = {
  received: 'Received',
  synced: 'Synced',
  /** Waiting for an operator: see `LoudwireParkedReason` and `loudwire parked`. */
  parked: 'Parked',
  /** An operator chose to skip the parked record. */
  skipped: 'Skipped',
  /** Waiting for a person's decision (docs/approvals.md). */
  awaitingApproval: 'AwaitingApproval',
  /** An approver rejected the record: nothing was written. */
  approvalRejected: 'ApprovalRejected',
  /** Nobody decided in time and the policy rejects on expiry. */
  approvalExpired: 'ApprovalExpired',
  ignored: 'Ignored',
} as const;
export type SyncStatus = (typeof SyncStatus)[keyof typeof SyncStatus];

export const RedriveAction = {
  /** Try again with the same payload (after the cause was fixed). */
  retry: 'retry',
  /** Give up on this event; the record stays as the targets hold it. */
  skip: 'skip',
  /** Try again with a payload the operator corrected. */
  retryWithPayload: 'retry-with-payload',
} as const;
export type RedriveAction = (typeof RedriveAction)[keyof typeof RedriveAction];

export interface RedriveRequest {
  action: RedriveAction;
  /** Who decided (recorded in the history). */
  operator: string;
  reason?: string;
  /** Required with `retry-with-payload`: the corrected source payload (the webhook envelope's `data`). */
  payload?: unknown;
  /** When given, the decision applies only if this is still the parked incident (guards stale bulk runs). */
  incidentId?: string;
}

export interface RedriveResult {
  incidentId: string;
  action: RedriveAction;
}

/** Why a record is parked. */
export interface ParkedIncident {
  incidentId: string;
  alertClass: AlertClass;
  reason: string;
  eventId: string;
  /** Workflow time (epoch ms) the record was parked. */
  since: number;
}

/** What one target holds for this record. */
export interface TargetWrite {
  targetId: string;
  /** The event whose write created it (or first found it already present). */
  eventId: string;
  /** False when the target already held a record with this external_id (nothing was created). */
  created: boolean;
}

export interface RecordSyncInput {
  integration: string;
  source: string;
  recordKey: string;
  /** State handed over by continue-as-new; absent on the first run. */
  carriedState?: RecordSyncState;
}

export interface RecordSyncState {
  status: SyncStatus;
  /** Event IDs already accepted, most recent last; bounded (see `rememberedEventIds`). */
  seenEventIds: string[];
  /** Highest source sequence processed; events at or below it are stale. */
  lastSequence: number;
  /** Events received but not yet processed, carried across continue-as-new so none is lost. */
  pendingEvents: SourceEvent[];
  /** By target resource (`project-tool/projects`); records from before resources keyed them by system. */
  writes: Partial<Record<string, TargetWrite>>;
  warnings: MappingWarning[];
  /** Set while the record waits for an operator. */
  parked?: ParkedIncident;
  /** The latest problem (kept after it is resolved, for operators). */
  lastProblem?: string;
  /** Operator decisions so far; each redrive round gets fresh idempotency keys. */
  redrives: number;
  /** Incidents raised (each with exactly one alert). */
  incidents: number;
  counts: { received: number; duplicates: number; stale: number; processed: number; ignored: number };
  /** Workflow time (epoch ms) of the latest accepted event; the dedup window runs from here. */
  lastEventAt: number;
}

/** How many event IDs a record remembers. Sequences catch older redeliveries beyond this. */
export const rememberedEventIds = 500;
