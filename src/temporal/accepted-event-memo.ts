import type { SourceEvent } from '../integrations/integration';
import { eventLogMemoKey, type EventLogMemo, type EventOutcome } from '../workflows/event-log-entry';
import { eventsAcceptedAttribute, firstEventAtAttribute, lastEventAtAttribute } from './search-attributes';

/** The memo a workflow started for one accepted event begins with: that event's entry in its event log. */
export function acceptedEventMemo(event: SourceEvent, outcome: EventOutcome): Record<string, EventLogMemo> {
  return { [eventLogMemoKey]: { entries: [[event.eventId, event.type, Date.now(), outcome]] } };
}

/** The event-log search attributes of a workflow started for one accepted event (see event-log.ts). */
export function acceptedEventAttributes(acceptedAt = new Date()) {
  return [
    { key: lastEventAtAttribute, value: acceptedAt },
    { key: firstEventAtAttribute, value: acceptedAt },
    { key: eventsAcceptedAttribute, value: 1 },
  ] as const;
}
