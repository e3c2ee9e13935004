import type { SourceDelivery } from '../system';

/**
 * Reads a `GET /api/webhooks/deliveries` answer (`{deliveries: [...]}`, the shape the CRM and the helpdesk share)
 * into the deliveries logged since `since`. Entries that are not deliveries are refused by name, not skipped:
 * a reconciliation that silently drops part of the source's log would prove nothing.
 */
export function readWebhookDeliveryLog(body: Record<string, unknown>, since: Date): SourceDelivery[] {
  const deliveries = body.deliveries;
  if (!Array.isArray(deliveries))
    throw new Error('webhook delivery log: the answer has no `deliveries` list');
  return deliveries.flatMap((raw: unknown, index): SourceDelivery[] => {
    const delivery = raw as Record<string, unknown>;
    const attempts = Array.isArray(delivery.attempts) ? (delivery.attempts as { status?: unknown }[]) : [];
    if (
      typeof delivery.eventId !== 'string' ||
      typeof delivery.eventType !== 'string' ||
      typeof delivery.createdAt !== 'string' ||
      !['delivered', 'failed', 'pending'].includes(delivery.status as string)
    ) {
      throw new Error(`webhook delivery log: entry ${index} is not a delivery (eventId, eventType, status)`);
    }
    if (Date.parse(delivery.createdAt) < since.getTime()) return [];
    const lastStatus = attempts.at(-1)?.status;
    return [
      {
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        status: delivery.status as SourceDelivery['status'],
        createdAt: delivery.createdAt,
        attempts: attempts.length,
        lastStatus: typeof lastStatus === 'number' ? lastStatus : null,
      },
    ];
  });
}
