import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Typed search attributes every record workflow sets, so an operator can filter the Web UI with e.g.
// `LoudwireIntegration = "client-onboarding" AND LoudwireSyncStatus = "Parked"`.
export const integrationAttribute = defineSearchAttributeKey(
  'LoudwireIntegration',
  SearchAttributeType.KEYWORD,
);
export const sourceAttribute = defineSearchAttributeKey('LoudwireSource', SearchAttributeType.KEYWORD);
export const recordKeyAttribute = defineSearchAttributeKey('LoudwireRecordKey', SearchAttributeType.KEYWORD);
export const syncStatusAttribute = defineSearchAttributeKey(
  'LoudwireSyncStatus',
  SearchAttributeType.KEYWORD,
);
/** While parked: the incident's alert class (`DestinationMismatch`, …), for exact filters on every server. */
export const parkedClassAttribute = defineSearchAttributeKey(
  'LoudwireParkedClass',
  SearchAttributeType.KEYWORD,
);
/** While parked: what went wrong, as free text made safe by `searchableText` (SQL visibility's tsvector rules). */
export const parkedReasonAttribute = defineSearchAttributeKey(
  'LoudwireParkedReason',
  SearchAttributeType.TEXT,
);
/**
 * The class of the oldest alert of this record that has not landed (the alert channel is down past its retry
 * window); unset once every alert is delivered. `LoudwireAlertUndelivered IS NOT NULL` lists them all.
 */
export const alertUndeliveredAttribute = defineSearchAttributeKey(
  'LoudwireAlertUndelivered',
  SearchAttributeType.KEYWORD,
);

/**
 * While parked: the incident the record is part of (its workflow ID, `incident:<queue>:<integration>:…`), so
 * `loudwire redrive --incident ID` finds every record of it. Unset once the record leaves the incident.
 */
export const incidentAttribute = defineSearchAttributeKey('LoudwireIncident', SearchAttributeType.KEYWORD);

/**
 * When the record last accepted an event (duplicates included): the ledger and `loudwire status` list the records
 * with `LoudwireLastEventAt >= <since>` and read each one's event log from its memo (src/ledger/).
 */
export const lastEventAtAttribute = defineSearchAttributeKey(
  'LoudwireLastEventAt',
  SearchAttributeType.DATETIME,
);

/** When the record's run accepted its first event: with the next one, `loudwire status` counts by query. */
export const firstEventAtAttribute = defineSearchAttributeKey(
  'LoudwireFirstEventAt',
  SearchAttributeType.DATETIME,
);
/**
 * How many events the record's run accepted (redeliveries included). A record whose first event is inside a
 * window has all of them in it, so `loudwire status` counts events exactly with count queries on this value.
 */
export const eventsAcceptedAttribute = defineSearchAttributeKey(
  'LoudwireEventsAccepted',
  SearchAttributeType.INT,
);

/**
 * Every key the workflows use; `npm start` and the test server register exactly these, and
 * config/temporal/cluster.env lists them for real clusters (a test keeps the two equal). SQL visibility has fixed
 * slots per namespace (10 Keyword, 3 Text, …) and stores Keyword values as VARCHAR(255): record keys are at
 * most 128 characters (safeIdentifierPattern), the other Keyword values are short names.
 */
export const loudwireSearchAttributes = [
  integrationAttribute,
  sourceAttribute,
  recordKeyAttribute,
  syncStatusAttribute,
  parkedClassAttribute,
  parkedReasonAttribute,
  alertUndeliveredAttribute,
  incidentAttribute,
  lastEventAtAttribute,
  firstEventAtAttribute,
  eventsAcceptedAttribute,
] as const;

/** `--search-attribute NAME=Type` arguments for `temporal server start-dev`. */
export function searchAttributeCliArgs(): string[] {
  const cliTypeNames: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.TEXT]: 'Text',
    [SearchAttributeType.DATETIME]: 'Datetime',
    [SearchAttributeType.INT]: 'Int',
  };
  return loudwireSearchAttributes.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${cliTypeNames[key.type]}`,
  ]);
}
