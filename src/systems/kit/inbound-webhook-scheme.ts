/** A verified, well-formed webhook event as the webhook route hands it on. */
export interface InboundWebhookEvent {
  /** The sender's event ID; redeliveries carry the same one, so the workflow dedupes on it. */
  eventId: string;
  /** Event type, e.g. `deal.won`, `ticket.escalated`. */
  type: string;
  /** When the sender says the event happened (ISO 8601 UTC). */
  occurredAt: string;
  /** What the integrations map, untouched: mapping happens in the worker, never on the webhook path. */
  data: unknown;
}

export type SignatureVerdict =
  | { valid: true; /** The event ID when the scheme carries it in a header. */ eventId?: string }
  | { valid: false; problem: 'missing' | 'stale' | 'invalid'; message: string };

export type EnvelopeVerdict =
  | { valid: true; event: InboundWebhookEvent }
  | { valid: false; message: string; issues: { path: string; reason: string }[] };

/**
 * How a system signs and wraps the webhooks it sends. The webhook route runs the same checks in the same order
 * for every scheme: signature over the raw body (401), JSON (400), envelope (400, naming each bad field).
 */
export interface InboundWebhookScheme {
  /** e.g. `Standard Webhooks`, for docs and logs. */
  name: string;
  /** Checks the secret's format at start-up; returns why it is unusable, or undefined. */
  checkSecret(secret: string): string | undefined;
  /** A verifier bound to the secret: constant-time signature check with a timestamp tolerance. */
  createVerifier(secret: string): (rawBody: string, headers: IncomingHeaders) => SignatureVerdict;
  /** Reads the parsed body as an event; `verified` is what the signature check learned (a header event ID). */
  readEnvelope(body: unknown, verified: { eventId?: string }): EnvelopeVerdict;
}

export type IncomingHeaders = Record<string, string | string[] | undefined>;

/** The value of a header that must appear once, or undefined. */
export function singleHeader(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
