import type { SourceEvent } from '../integrations/integration';

/**
 * How a record's events are ordered (README, "Deduplicate and order"): events that carry a source version apply
 * in version order and anything at or below the version already applied is stale; ties on the version go to
 * the earlier instant (`occurredAt` parsed, so `10:00+02:00` is before `09:00Z`). Events without a version
 * apply in arrival order and are never stale: nothing says they are older than what was applied.
 *
 * Pure and deterministic: runs inside the workflow.
 */

/** Removes and returns the event to apply next from `pending` (kept in arrival order). */
export function takeNextEvent(pending: SourceEvent[]): SourceEvent {
  // Versioned events are reordered only among themselves up to the next unversioned one, so an unversioned
  // event never overtakes, nor is overtaken by, events that arrived on the other side of it.
  let best = 0;
  if (pending[0]!.sequence !== undefined) {
    for (let index = 1; index < pending.length && pending[index]!.sequence !== undefined; index += 1) {
      if (compareVersioned(pending[index]!, pending[best]!) < 0) best = index;
    }
  }
  return pending.splice(best, 1)[0]!;
}

/** True when the event carries a version at or below the one already applied. */
export function isStale(event: SourceEvent, lastSequence: number): boolean {
  return event.sequence !== undefined && event.sequence <= lastSequence;
}

/** True when a later event makes a parked one moot: the source has moved on. */
export function supersedes(later: SourceEvent, parked: SourceEvent): boolean {
  if (parked.sequence === undefined || later.sequence === undefined) return true; // arrival order: later is newer
  return later.sequence > parked.sequence;
}

function compareVersioned(a: SourceEvent, b: SourceEvent): number {
  return a.sequence! - b.sequence! || instantOf(a.occurredAt) - instantOf(b.occurredAt);
}

function instantOf(timestamp: string): number {
  const instant = Date.parse(timestamp);
  return Number.isNaN(instant) ? 0 : instant;
}
