// Workflow-safe: read by the record workflow (which writes it) and by the CLI (which reads it from the memo).

/** What became of one accepted event, as its record's event log says. */
export const EventOutcome = {
  /** Accepted and waiting for the record to take it up. */
  queued: 'queued',
  /**
   * Being applied: the record is writing it, or waits on it (parked, awaiting approval: the record's
   * `LoudwireSyncStatus` tells which, so the log needs no update when the record parks).
   */
  applying: 'applying',
  /** It created (or first found) the record at its targets. */
  written: 'written',
  /** It changed what the targets hold. */
  updated: 'updated',
  /** Applied, and the targets already held it: nothing to change. */
  unchanged: 'unchanged',
  /** An event ID the record had already accepted (a redelivery). */
  duplicate: 'duplicate',
  /** Older than a version the record had already applied. */
  stale: 'stale',
  /** An operator skipped it while it was parked. */
  skipped: 'skipped',
  /** Parked or awaiting approval when a newer version of the record replaced it. */
  superseded: 'superseded',
  approvalRejected: 'approval rejected',
  approvalExpired: 'approval expired',
  /** No integration handles its type: kept by an `unhandled:<source>:<id>` workflow for replay. */
  ignoredType: 'ignored type',
  /** An edit of a record Loudwire never onboarded: nothing of it exists at the targets. */
  ignored: 'ignored',
  /** The record left the business: its target records were archived. */
  archived: 'archived',
} as const;
export type EventOutcome = (typeof EventOutcome)[keyof typeof EventOutcome];

/** `[eventId, type, acceptedAt (epoch ms, workflow time), outcome]`: a tuple, so 10,000 memos stay small. */
export type EventLogEntry = [eventId: string, type: string, acceptedAt: number, outcome: EventOutcome];

/** The record workflow's memo field holding its event log. */
export const eventLogMemoKey = 'loudwireEventLog';

/** The memo value: the latest events one by one, and a count of the older ones it no longer lists. */
export interface EventLogMemo {
  entries: EventLogEntry[];
  /** Settled entries dropped to keep the memo bounded, by outcome, and the latest acceptedAt among them. */
  earlier?: { count: number; byOutcome: Partial<Record<EventOutcome, number>>; acceptedUpTo: number };
}

/**
 * How many events a record's memo lists one by one. A record rarely sees more than a few events in its dedup
 * window; past this the oldest settled ones are only counted, and a window that reaches back to them is
 * reported as approximate rather than guessed.
 */
export const eventLogEntriesKept = 100;
