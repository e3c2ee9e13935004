import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import { AlertClass } from '../alerts/alert';
import { redactAlertRequest } from '../alerts/redact-alert-request';
import { emptyBaseline } from '../anomaly/baseline-state';
import { summarizeBaseline } from '../anomaly/baseline-summary';
import { learnRecord } from '../anomaly/learn-record';
import type { PopulationDrift } from '../anomaly/population-drift';
import { cameFromLoudwire } from '../encryption/payload-origin';
import { AlertDelivery, type UndeliveredAlertsHolder } from './alert-delivery';
import {
  baselineStateQuery,
  baselineSummaryQuery,
  observeRecordSignal,
  observeRecordsSignal,
  type IntegrationBaselineInput,
} from './baseline-messages';
import {
  baselineColdStartMemoKey,
  baselineColdStartMemoPatch,
  coldStartOf,
  type BaselineColdStart,
} from './baseline-cold-start';
import { continueAsNewDue } from './continue-as-new-due';

/** Signals, tasks and alerts of a few hundred records; the state carried is bounded by the declaration. */
const continueAsNewAfterEvents = 4_000;

/**
 * One per integration, for as long as it runs: learns every scored record (sent by the scoring activity with
 * signal-with-start), answers its state (workers score against a copy of it), and raises one PopulationDrift alert per field
 * whose presence rate or category mix shifted sharply. Its state is bounded (src/anomaly/baseline-state.ts) and
 * carried across continue-as-new, so the baseline survives restarts and deploys in Temporal itself.
 */
export async function integrationBaselineWorkflow(input: IntegrationBaselineInput): Promise<void> {
  const { declaration, integration } = input;
  const state = input.carried?.state ?? emptyBaseline();
  const holder: UndeliveredAlertsHolder = { undeliveredAlerts: input.carried?.undeliveredAlerts ?? [] };
  const drifts: PopulationDrift[] = [];
  // Decided at the start of the run, like every patch: runs recorded before it replay without the memo commands.
  const keepsColdStartMemo = patched(baselineColdStartMemoPatch);
  let coldStart: BaselineColdStart | undefined;
  const publishColdStart = () => {
    const now = coldStartOf(state.observed, declaration.coldStartRecords);
    if (!keepsColdStartMemo || now === coldStart) return;
    coldStart = now;
    upsertMemo({ [baselineColdStartMemoKey]: now });
  };
  publishColdStart();

  setHandler(observeRecordSignal, (features) => {
    // Only the scoring activity (holding the payload keys) teaches the baseline: a crafted signal is ignored.
    if (!cameFromLoudwire(features)) {
      log.warn('Ignored an observation that was not sent by Loudwire (not encrypted with its keys)');
      return;
    }
    drifts.push(...learnRecord(state, features, declaration));
  });
  setHandler(observeRecordsSignal, (lessons) => {
    if (!cameFromLoudwire(lessons)) {
      log.warn('Ignored observations that were not sent by Loudwire (not encrypted with its keys)');
      return;
    }
    for (const features of lessons.records) drifts.push(...learnRecord(state, features, declaration));
  });
  setHandler(baselineStateQuery, () => state, { description: 'The learned state itself (bounded)' });
  setHandler(baselineSummaryQuery, () => summarizeBaseline(state, declaration), {
    description: 'The whole baseline in numbers',
  });

  const alerts = new AlertDelivery(holder, input.alertRetryWindowMs, () => undefined);
  alerts.resumeCarried();
  const { workflowId } = workflowInfo();
  for (;;) {
    await condition(
      () =>
        drifts.length > 0 ||
        continueAsNewDue(continueAsNewAfterEvents) ||
        (keepsColdStartMemo && coldStartOf(state.observed, declaration.coldStartRecords) !== coldStart),
    );
    publishColdStart();
    for (const drift of drifts.splice(0)) {
      alerts.raise(
        redactAlertRequest({
          incidentId: `${workflowId}:drift:${drift.field}:${state.observed}`,
          alertClass: AlertClass.populationDrift,
          severity: 'warning',
          integration,
          recordKey: `(all records) ${drift.field}`,
          workflowId,
          message:
            `${integration}: ${drift.text}. Per-record checks do not see a source that stopped sending a ` +
            `field or a mix that changed; check the source before more records land this way.`,
          details: { field: drift.field, kind: drift.kind, shift: drift.shift, observed: state.observed },
        }),
      );
    }
    if (continueAsNewDue(continueAsNewAfterEvents)) {
      await alerts.firstRoundsSettled(); // undelivered ones travel in the state and are resumed
      await condition(allHandlersFinished);
      return continueAsNew<typeof integrationBaselineWorkflow>({
        ...input,
        carried: { state, undeliveredAlerts: holder.undeliveredAlerts ?? [] },
      });
    }
  }
}
