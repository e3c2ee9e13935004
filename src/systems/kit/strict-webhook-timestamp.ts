/** The most digits a Unix timestamp in seconds can have for the next few thousand years. */
const maxTimestampDigits = 12;

/**
 * Reads `webhook-timestamp` strictly: one header value of ASCII digits only, as Standard Webhooks sends it.
 * `parseInt` would read `T.5`, `+T`, `Tabc` or a duplicated header (`T, 1`) as `T`, so a signature made over
 * `T` would verify for text that is not `T`. Leading zeros are refused for the same reason (`000T` is not `T`).
 */
export function parseWebhookTimestamp(
  header: string | string[] | undefined,
): { ok: true; seconds: number; text: string } | { ok: false; reason: string } {
  if (Array.isArray(header)) return { ok: false, reason: 'webhook-timestamp is sent more than once' };
  if (header === undefined || header === '') return { ok: false, reason: 'webhook-timestamp is missing' };
  if (!/^(0|[1-9][0-9]*)$/.test(header) || header.length > maxTimestampDigits) {
    return {
      ok: false,
      reason:
        'webhook-timestamp must be one Unix timestamp in seconds: digits only, no sign, space or fraction',
    };
  }
  return { ok: true, seconds: Number(header), text: header };
}
