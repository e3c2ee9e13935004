import { SyncStatus } from '../workflows/record-sync-messages';
import { EventOutcome } from '../workflows/event-log-entry';
import type { RecordEventLogView } from './record-event-logs';

/** Where an accepted event ended, as the ledger reports it: the settled outcomes plus the open states. */
export const LedgerState = {
  ...EventOutcome,
  parked: 'parked',
  awaitingApproval: 'awaiting approval',
  inProgress: 'in progress',
} as const;
export type LedgerState = Exclude<
  (typeof LedgerState)[keyof typeof LedgerState],
  typeof EventOutcome.queued | typeof EventOutcome.applying
>;

/** States in which the event still waits on the record (or on a person): the ledger lists their records. */
export const openLedgerStates: readonly LedgerState[] = [
  LedgerState.parked,
  LedgerState.awaitingApproval,
  LedgerState.inProgress,
];

/** One accepted event and where it ended (or `unaccounted`, with why). */
export interface AccountedEvent {
  eventId: string;
  type: string;
  acceptedAt: string;
  integration: string;
  source: string;
  recordKey: string;
  workflowId: string;
  state: LedgerState | 'unaccounted';
  /** The alert class a parked record waits on. */
  parkedClass?: string;
  /** Why an event is unaccounted. */
  problem?: string;
}

const settled = new Set<string>(
  Object.values(EventOutcome).filter(
    (outcome) => outcome !== EventOutcome.queued && outcome !== EventOutcome.applying,
  ),
);

/**
 * Every event a record's log lists as accepted since `since`, with its state. An event the record has not
 * finished with is open while the record runs (parked, awaiting approval, in progress); once the record's run has
 * ended — failed, terminated, timed out, or completed without settling it — nothing will ever finish it, and the
 * event is unaccounted. So is an outcome this ledger does not know.
 */
export function accountRecordEvents(record: RecordEventLogView, since: Date): AccountedEvent[] {
  const running = record.executionStatus === 'RUNNING';
  return record.log.entries.flatMap(([eventId, type, acceptedAt, outcome]): AccountedEvent[] => {
    if (acceptedAt < since.getTime()) return [];
    const base = {
      eventId,
      type,
      acceptedAt: new Date(acceptedAt).toISOString(),
      integration: record.integration,
      source: record.source,
      recordKey: record.recordKey,
      workflowId: record.workflowId,
    };
    if (settled.has(outcome)) return [{ ...base, state: outcome as LedgerState }];
    if (outcome !== EventOutcome.queued && outcome !== EventOutcome.applying) {
      return [{ ...base, state: 'unaccounted', problem: `unknown outcome "${String(outcome)}"` }];
    }
    if (!running) {
      return [
        {
          ...base,
          state: 'unaccounted',
          problem: `the record's run ended (${record.executionStatus}) before it finished this event`,
        },
      ];
    }
    if (outcome === EventOutcome.applying && record.syncStatus === SyncStatus.parked) {
      return [
        {
          ...base,
          state: LedgerState.parked,
          ...(record.parkedClass ? { parkedClass: record.parkedClass } : {}),
        },
      ];
    }
    if (outcome === EventOutcome.applying && record.syncStatus === SyncStatus.awaitingApproval) {
      return [{ ...base, state: LedgerState.awaitingApproval }];
    }
    return [{ ...base, state: LedgerState.inProgress }];
  });
}

/** True when the record's memo no longer lists every event since `since` one by one (see eventLogEntriesKept). */
export function summarizesWindow(record: RecordEventLogView, since: Date): boolean {
  return (record.log.earlier?.acceptedUpTo ?? 0) >= since.getTime();
}
