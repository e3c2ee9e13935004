import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AlertRequest } from '../activities/create-activities';
import type { AlertClass } from '../alerts/alert';
import type { SourceEvent } from '../integrations/integration';
import type { MappingWarning } from '../mapping/outcome';
import type { EventLogMemo } from './event-log-entry';

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
  /** The source record left the business (a lost deal): its target records were archived. */
  archived: 'Archived',
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
  /**
   * What Loudwire last wrote to the record, field by field: the baseline a later version is diffed against.
   * Absent for records written before baselines were kept.
   */
  written?: Record<string, unknown>;
  /** The source version last written to it. */
  sequence?: number;
}

/**
 * What a record's completed run leaves for the next run of the same record (a resend or an update after the
 * dedup window): found durably in the closed run's result, so the next run never onboards the record again.
 */
export interface RecordMemory {
  /** The record's status when its run completed (Synced, Archived …). */
  status?: SyncStatus;
  seenEventIds: string[];
  lastSequence: number;
  writes: RecordSyncState['writes'];
  /** An onboarding event was applied: later `update` events update the targets. */
  onboarded: boolean;
  /** The canonical record of the last version written everywhere (guarded fields are compared with it). */
  syncedCanonical?: Record<string, unknown>;
}

export interface RecordSyncInput {
  integration: string;
  source: string;
  recordKey: string;
  /** State handed over by continue-as-new; absent on the first run. */
  carriedState?: RecordSyncState;
  /**
   * Set by the API when it started this run under WorkflowIdReusePolicy REJECT_DUPLICATE: Temporal retained no
   * earlier run of the record, so there is no previous run to take over and none is looked for. Absent (runs
   * started otherwise, or before this field), the run looks as it always did.
   */
  noEarlierRun?: boolean;
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
  /** An onboarding event was applied (approved, writes attempted): later `update` events update the targets. */
  onboarded?: boolean;
  /** The canonical record of the last version written to every target. */
  syncedCanonical?: Record<string, unknown>;
  /** The canonical record the latest approval request showed (what changed is shown against it). */
  approvalShown?: Record<string, unknown>;
  /** Alerts not delivered within their retry window, still being retried (src/workflows/alert-delivery.ts). */
  undeliveredAlerts?: AlertRequest[];
  /** Every accepted event and what became of it, published in the memo (src/workflows/event-log.ts). */
  eventLog?: EventLogMemo;
}

/** How many event IDs a record remembers. Sequences catch older redeliveries beyond this. */
export const rememberedEventIds = 500;
