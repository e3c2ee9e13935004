import { condition, proxyLocalActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { LoudwireActivities } from '../activities/create-activities';
import { AlertClass } from '../alerts/alert';
import { joinBounded } from '../bounds/bounds';
import { AlertDelivery, type UndeliveredAlertsHolder } from './alert-delivery';
import {
  unhandledEventSeenSignal,
  type UnhandledEventAlertsInput,
  type UnhandledEventSeen,
} from './unhandled-event-messages';

const { readUnhandledEventSettings } = proxyLocalActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});

/**
 * One per source and unhandled event type at a time (started by the first such event): alerts at once, then at
 * most once per UNHANDLED_EVENT_ALERT_WINDOW with the count of events that arrived meanwhile, and completes after
 * a quiet window. A CRM that renames `deal.won` thus raises one alert, not one per deal.
 */
export async function unhandledEventAlertsWorkflow(
  input: UnhandledEventAlertsInput,
): Promise<{ alerts: number }> {
  const unreported: UnhandledEventSeen[] = [];
  setHandler(unhandledEventSeenSignal, (seen) => {
    unreported.push(seen);
  });
  const settings = await readUnhandledEventSettings();
  const holder: UndeliveredAlertsHolder = {};
  const alerts = new AlertDelivery(holder, settings.alertRetryWindowMs, () => undefined);
  const { workflowId } = workflowInfo();
  let raised = 0;

  await condition(() => unreported.length > 0);
  while (unreported.length > 0) {
    const batch = unreported.splice(0, unreported.length);
    raised += 1;
    const message =
      raised === 1
        ? `Source "${input.source}" sent an event of type "${input.type}" that no integration handles. It is ` +
          `kept (${batch[0]!.workflowId}) and so is every later one; nothing was synced. A renamed event type ` +
          `stops an integration: add the type to a handler, then replay the kept events.`
        : `${batch.length} more event${batch.length === 1 ? '' : 's'} of type "${input.type}" from ` +
          `"${input.source}" that no integration handles arrived in the last window; each is kept.`;
    alerts.raise({
      incidentId: `${workflowId}:${workflowInfo().runId}:${raised}`,
      alertClass: AlertClass.unhandledEventType,
      severity: 'critical',
      integration: '(none)',
      recordKey: input.type,
      workflowId,
      message,
      details: {
        source: input.source,
        type: input.type,
        events: batch.length,
        keptIn: joinBounded(
          batch.map((seen) => seen.workflowId),
          ', ',
          20,
        ),
        find: `LoudwireSyncStatus = "Ignored" AND LoudwireSource = "${input.source}"`,
      },
    });
    await sleep(settings.alertWindowMs);
  }
  await alerts.firstRoundsSettled();
  await condition(() => !alerts.hasUndelivered());
  return { alerts: raised };
}
