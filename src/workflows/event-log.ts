import { condition, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { SourceEvent } from '../integrations/integration';
import {
  eventsAcceptedAttribute,
  firstEventAtAttribute,
  lastEventAtAttribute,
} from '../temporal/search-attributes';
import {
  EventOutcome,
  eventLogEntriesKept,
  eventLogMemoKey,
  type EventLogEntry,
  type EventLogMemo,
} from './event-log-entry';
import { SyncStatus, type RecordSyncState } from './record-sync-messages';

/**
 * Marks runs whose record keeps its event log in its memo and sets `LoudwireLastEventAt` (the ledger, `loudwire
 * status`, `loudwire capture`). Decided at the start of a run: histories from before it replay without the
 * memo and attribute commands.
 */
export const eventLogPatch = 'record-event-log';

/**
 * The record's account of every event it accepted — when, and what became of it — published in its memo so a
 * visibility listing answers "what happened to the events of the last day" without a query per workflow. Changes
 * made in one workflow activation (a signal, then the event's outcome) are published together, by one memo
 * upsert, from a loop of its own.
 */
export class RecordEventLog {
  private changed = false;
  private publishedAccepted = 0;
  private writesBeforeApplying = '';
  /** The next event accepted is the one the API's start already published as queued. */
  private nextAcceptedIsPublished: boolean;

  private constructor(
    private readonly log: EventLogMemo,
    options: EventLogOptions,
  ) {
    this.nextAcceptedIsPublished = options.startPublishedFirstEvent === true;
    // The start's attributes count that event: the first upsert is due with the second event, not the first.
    if (this.nextAcceptedIsPublished) this.publishedAccepted = 1;
    void this.publishChanges();
  }

  /** The log carried in the record's state (across continue-as-new), created on its first run. */
  static of(state: RecordSyncState, options: EventLogOptions = {}): RecordEventLog {
    state.eventLog ??= { entries: [] };
    return new RecordEventLog(state.eventLog, options);
  }

  accepted(event: SourceEvent): void {
    const published = this.nextAcceptedIsPublished;
    this.nextAcceptedIsPublished = false;
    // The memo already says queued (the API's start): the entry is published with the event's next outcome.
    this.add([event.eventId, event.type, Date.now(), EventOutcome.queued], { publish: !published });
  }

  duplicate(event: SourceEvent): void {
    this.add([event.eventId, event.type, Date.now(), EventOutcome.duplicate]);
  }

  stale(event: SourceEvent): void {
    this.settle(event, EventOutcome.stale);
  }

  /** The record takes the event up; what the targets held before tells a write from an update afterwards. */
  applying(event: SourceEvent, state: RecordSyncState): void {
    this.writesBeforeApplying = JSON.stringify(state.writes);
    this.settle(event, EventOutcome.applying);
  }

  /** The record is done with the event: its outcome follows from the status it left the record in. */
  applied(event: SourceEvent, state: RecordSyncState): void {
    this.settle(event, this.outcomeOfApplied(state));
  }

  private outcomeOfApplied(state: RecordSyncState): EventOutcome {
    switch (state.status) {
      case SyncStatus.synced: {
        if (this.writesBeforeApplying === JSON.stringify(state.writes)) return EventOutcome.unchanged;
        return this.writesBeforeApplying === '{}' ? EventOutcome.written : EventOutcome.updated;
      }
      case SyncStatus.skipped:
        return EventOutcome.skipped;
      // Still waiting after the event is done with: a newer version replaced it.
      case SyncStatus.parked:
      case SyncStatus.awaitingApproval:
        return EventOutcome.superseded;
      case SyncStatus.approvalRejected:
        return EventOutcome.approvalRejected;
      case SyncStatus.approvalExpired:
        return EventOutcome.approvalExpired;
      case SyncStatus.ignored:
        return EventOutcome.ignored;
      case SyncStatus.archived:
        return EventOutcome.archived;
      default:
        return EventOutcome.unchanged;
    }
  }

  private add(entry: EventLogEntry, { publish } = { publish: true }): void {
    this.log.entries.push(entry);
    this.keepBounded();
    if (publish) this.changed = true;
  }

  private settle(event: SourceEvent, outcome: EventOutcome): void {
    const entry = this.log.entries.findLast(
      ([eventId, , , current]) => eventId === event.eventId && current !== EventOutcome.duplicate,
    );
    if (entry) entry[3] = outcome;
    // An event accepted before this run kept a log (carried across continue-as-new) gets its entry now.
    else this.log.entries.push([event.eventId, event.type, Date.now(), outcome]);
    this.changed = true;
  }

  /** Drops the oldest settled entries beyond `eventLogEntriesKept`, counting them; open ones always stay. */
  private keepBounded(): void {
    while (this.log.entries.length > eventLogEntriesKept) {
      const index = this.log.entries.findIndex(([, , , outcome]) => !isOpen(outcome));
      if (index < 0) return;
      const [[, , acceptedAt, outcome]] = this.log.entries.splice(index, 1) as [EventLogEntry];
      const earlier = (this.log.earlier ??= { count: 0, byOutcome: {}, acceptedUpTo: 0 });
      earlier.count += 1;
      earlier.byOutcome[outcome] = (earlier.byOutcome[outcome] ?? 0) + 1;
      earlier.acceptedUpTo = Math.max(earlier.acceptedUpTo, acceptedAt);
    }
  }

  private async publishChanges(): Promise<void> {
    for (;;) {
      await condition(() => this.changed);
      this.changed = false;
      upsertMemo({ [eventLogMemoKey]: this.log });
      const accepted = this.log.entries.length + (this.log.earlier?.count ?? 0);
      if (accepted === this.publishedAccepted) continue;
      // Counted by `loudwire status` with count queries (src/ledger/accepted-event-counts.ts).
      this.publishedAccepted = accepted;
      const acceptedTimes = this.log.entries.map(([, , acceptedAt]) => acceptedAt);
      const first = this.log.earlier ? 0 : Math.min(...acceptedTimes);
      upsertSearchAttributes([
        { key: lastEventAtAttribute, value: new Date(Math.max(...acceptedTimes)) },
        { key: firstEventAtAttribute, value: new Date(first) },
        { key: eventsAcceptedAttribute, value: accepted },
      ]);
    }
  }
}

export interface EventLogOptions {
  /**
   * The run was started by the API for one accepted event, with that event's queued entry in its memo and its
   * `LoudwireEventsAccepted`, `LoudwireFirstEventAt` and `LoudwireLastEventAt` set (signal-record-event.ts), so
   * accepting it publishes nothing new. Only runs with the `record-start-published-by-api` marker pass it.
   */
  startPublishedFirstEvent?: boolean;
}

function isOpen(outcome: EventOutcome): boolean {
  return outcome === EventOutcome.queued || outcome === EventOutcome.applying;
}
