import type { SourceDelivery } from '../systems/system';
import type { AccountedEvent } from './account-events';

/** One source's delivery log held against the events Loudwire accepted from it. */
export interface SourceReconciliation {
  source: string;
  /** Events the source logged since the window's start (of the types in scope). */
  logged: number;
  delivered: number;
  /** The source is still retrying these: not a finding yet. */
  pending: number;
  /** The source says it delivered them (2xx), and Loudwire never accepted them. */
  deliveredNotAccepted: SourceDelivery[];
  /** The source gave up on them (out of retries): Loudwire never accepted them. */
  failed: SourceDelivery[];
  /** Loudwire accepted them, and the source's log does not have them. */
  acceptedNotDelivered: Pick<AccountedEvent, 'eventId' | 'type' | 'acceptedAt' | 'workflowId'>[];
  /** Set when the source's log could not be read: nothing was reconciled for it. */
  error?: string;
}

/**
 * Holds a source's log against Loudwire's accepted events, by event ID. `accepted` are the events accepted in the
 * window; `knownEventIds` every event ID the listed records accepted from the source, whenever. `deliveries` may
 * reach back before the window: an event the source logged just before it and Loudwire accepted inside it is
 * then not reported as missing from the source's log. Only deliveries logged in the window are findings.
 */
export function reconcileDeliveries(options: {
  source: string;
  since: Date;
  deliveries: SourceDelivery[];
  accepted: AccountedEvent[];
  knownEventIds: ReadonlySet<string>;
  inScope: (eventType: string) => boolean;
}): SourceReconciliation {
  const deliveries = options.deliveries.filter((delivery) => options.inScope(delivery.eventType));
  const inWindow = deliveries.filter((delivery) => Date.parse(delivery.createdAt) >= options.since.getTime());
  const loggedIds = new Set(deliveries.map((delivery) => delivery.eventId));
  const notAccepted = (delivery: SourceDelivery) => !options.knownEventIds.has(delivery.eventId);
  const acceptedNotDelivered = new Map<string, SourceReconciliation['acceptedNotDelivered'][number]>();
  for (const event of options.accepted) {
    if (loggedIds.has(event.eventId) || acceptedNotDelivered.has(event.eventId)) continue;
    const { eventId, type, acceptedAt, workflowId } = event;
    acceptedNotDelivered.set(eventId, { eventId, type, acceptedAt, workflowId });
  }
  return {
    source: options.source,
    logged: inWindow.length,
    delivered: inWindow.filter((delivery) => delivery.status === 'delivered').length,
    pending: inWindow.filter((delivery) => delivery.status === 'pending').length,
    deliveredNotAccepted: inWindow.filter(
      (delivery) => delivery.status === 'delivered' && notAccepted(delivery),
    ),
    failed: inWindow.filter((delivery) => delivery.status === 'failed' && notAccepted(delivery)),
    acceptedNotDelivered: [...acceptedNotDelivered.values()],
  };
}

/** True when the reconciliation found something a person must look at. */
export function hasFindings(reconciliation: SourceReconciliation): boolean {
  return (
    reconciliation.error !== undefined ||
    reconciliation.deliveredNotAccepted.length > 0 ||
    reconciliation.failed.length > 0 ||
    reconciliation.acceptedNotDelivered.length > 0
  );
}
