import {
  condition,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { SourceEvent } from '../../src/integrations/integration';
import { syncStatusAttribute } from '../../src/temporal/search-attributes';
import {
  sourceEventSignal,
  SyncStatus,
  type RecordSyncInput,
} from '../../src/workflows/record-sync-messages';
import type { NoopActivities } from './noop-activities';

const { readSyncSettings, mapSourceRecord, evaluateApprovalPolicy } = proxyLocalActivities<NoopActivities>({
  startToCloseTimeout: '10s',
});
const { deliverToTarget } = proxyActivities<NoopActivities>({ startToCloseTimeout: '31s' });

/**
 * Temporal's own ceiling for one record: the record workflow's shape (signalWithStart; local activities for
 * settings, preparing the record and the approval policy; two concurrent deliveries; one search-attribute upsert;
 * current details; then open for the dedup window) with every step doing nothing. Whatever Loudwire adds on top
 * of this is Loudwire's cost. The results table prints both histories' event counts side by side, so a change of
 * shape in the record workflow shows up there.
 */
export async function noopRecordWorkflow(input: RecordSyncInput): Promise<void> {
  const pending: SourceEvent[] = [];
  setHandler(sourceEventSignal, (event) => void pending.push(event));
  const settings = await readSyncSettings();
  await condition(() => pending.length > 0);
  const event = pending.shift()!;
  const outcome = await mapSourceRecord({ payload: event.payload });
  await evaluateApprovalPolicy();
  await Promise.all(
    outcome.targets.map((target) => deliverToTarget({ target, externalId: input.recordKey })),
  );
  upsertSearchAttributes([{ key: syncStatusAttribute, value: SyncStatus.synced }]);
  setCurrentDetails(`**Status:** ${SyncStatus.synced}`);
  await condition(() => false, settings.dedupWindowMs);
}
