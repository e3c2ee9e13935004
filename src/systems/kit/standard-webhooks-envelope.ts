import { z } from 'zod';

/**
 * The Standard Webhooks payload envelope every source sends: the event type, when it happened, and the data.
 * `data` is deliberately unparsed here — the source contract is checked by the mapping in the worker, so a
 * drifted payload is accepted, kept durably, and reported, rather than bounced back to a vendor's retry loop.
 */
export const webhookEnvelopeSchema = z.object({
  type: z.string().min(1, 'must be a non-empty event type, e.g. "deal.won"'),
  timestamp: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  data: z.unknown().refine((data) => data !== undefined, 'is required'),
});

export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;
