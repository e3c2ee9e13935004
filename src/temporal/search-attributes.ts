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

/** Every key the workflows use; `npm start` and the test server register exactly these. */
export const loudwireSearchAttributes = [
  integrationAttribute,
  sourceAttribute,
  recordKeyAttribute,
  syncStatusAttribute,
  parkedReasonAttribute,
  alertUndeliveredAttribute,
] as const;

/** `--search-attribute NAME=Type` arguments for `temporal server start-dev`. */
export function searchAttributeCliArgs(): string[] {
  const cliTypeNames: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.TEXT]: 'Text',
  };
  return loudwireSearchAttributes.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${cliTypeNames[key.type]}`,
  ]);
}
