import type { SourceEvent } from '../integrations/integration';
import { eventLogMemoKey, type EventLogMemo, type EventOutcome } from '../workflows/event-log-entry';

/** The memo a workflow started for one accepted event begins with: that event's entry in its event log. */
export function acceptedEventMemo(event: SourceEvent, outcome: EventOutcome): Record<string, EventLogMemo> {
  return { [eventLogMemoKey]: { entries: [[event.eventId, event.type, Date.now(), outcome]] } };
}
