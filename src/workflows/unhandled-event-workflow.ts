import {
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { LoudwireActivities } from '../activities/create-activities';
import {
  unhandledEventQuery,
  type KeptUnhandledEvent,
  type UnhandledEventInput,
} from './unhandled-event-messages';

const { readUnhandledEventSettings } = proxyLocalActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});
// Reporting is a signal to the type's alerting workflow: retried until it lands, like an alert.
const { reportUnhandledEvent } = proxyActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

/**
 * Keeps one accepted event that no integration handles (yet): open, with the event in its input and its query,
 * for UNHANDLED_EVENT_RETENTION, so it can be replayed once a handler exists; find them with
 * `LoudwireSyncStatus = "Ignored"`. It reports the event to its source and type's alerting workflow, which
 * raises one alert per window rather than one per event.
 */
export async function unhandledEventWorkflow(input: UnhandledEventInput): Promise<KeptUnhandledEvent> {
  const settings = await readUnhandledEventSettings();
  const kept: KeptUnhandledEvent = { ...input, keptUntil: Date.now() + settings.retentionMs };
  setHandler(unhandledEventQuery, () => kept);
  setCurrentDetails(
    `**Ignored:** no integration handles "${input.event.type}" from ${input.source}; kept until ` +
      `${new Date(kept.keptUntil).toISOString()} for replay.`,
  );
  await reportUnhandledEvent({
    source: input.source,
    type: input.event.type,
    eventId: input.event.eventId,
    workflowId: workflowInfo().workflowId,
  });
  await sleep(settings.retentionMs);
  return kept;
}
