/** Every failure a sandbox can be told to simulate. Which vendor honours which kind is listed below. */
export const FaultKind = {
  http500: 'http_500',
  http429: 'http_429',
  slow: 'slow',
  /** Admits `requestsPerSecond` requests per second (token bucket) and answers 429 + Retry-After beyond it. */
  rateLimit: 'rate_limit',
  errorBody200: 'error_body_200',
  expiredCredentials: 'expired_credentials',
  revokedCredentials: 'revoked_credentials',
  dropWrite: 'drop_write',
  alterWrite: 'alter_write',
  ignoreFilter: 'ignore_filter',
  duplicateExternalId: 'duplicate_external_id',
  webhookRenamedField: 'webhook_renamed_field',
  webhookMissingField: 'webhook_missing_field',
  webhookTypeChanged: 'webhook_type_changed',
  webhookUnexpectedField: 'webhook_unexpected_field',
  webhookEmptyPayload: 'webhook_empty_payload',
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

/** Faults that replace (or delay) a vendor API response; every vendor honours them on its API routes. */
export const apiResponseFaultKinds = [
  FaultKind.http500,
  FaultKind.http429,
  FaultKind.slow,
  FaultKind.rateLimit,
  FaultKind.errorBody200,
  FaultKind.expiredCredentials,
  FaultKind.revokedCredentials,
] as const;

/**
 * The kinds a vendor renders as its own error response (everything above except `slow`, and `rate_limit`, which
 * answers as the vendor's `http_429`).
 */
export type RenderedFaultKind = Exclude<
  (typeof apiResponseFaultKinds)[number],
  typeof FaultKind.slow | typeof FaultKind.rateLimit
>;

/** Faults that corrupt a create on a target system while answering success. */
export const writeFaultKinds = [FaultKind.dropWrite, FaultKind.alterWrite] as const;

/**
 * Faults that break a target's look-up by external ID: `ignore_filter` answers a filtered list with every record;
 * `duplicate_external_id` stores the next create twice, under two IDs (a vendor whose retried create ignored the
 * Idempotency-Key), so two records then carry one external ID.
 */
export const lookupFaultKinds = [FaultKind.ignoreFilter, FaultKind.duplicateExternalId] as const;

/** Faults that reshape a vendor's next outgoing webhook payloads (CRM `deal.won`, helpdesk `ticket.escalated`). */
export const webhookFaultKinds = [
  FaultKind.webhookRenamedField,
  FaultKind.webhookMissingField,
  FaultKind.webhookTypeChanged,
  FaultKind.webhookUnexpectedField,
  FaultKind.webhookEmptyPayload,
] as const;
export type WebhookFaultKind = (typeof webhookFaultKinds)[number];

export function isWebhookFaultKind(kind: FaultKind): kind is WebhookFaultKind {
  return (webhookFaultKinds as readonly FaultKind[]).includes(kind);
}
