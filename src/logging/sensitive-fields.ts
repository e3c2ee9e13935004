/**
 * Field names whose values never leave the process in clear: credentials, and personal data declared
 * sensitive. Matched case-insensitively at any depth, in logs and in alert payloads alike.
 */
export const sensitiveFieldNames: ReadonlySet<string> = new Set(
  [
    // credentials
    'authorization',
    'x-api-key',
    'api_key',
    'apikey',
    'access_token',
    'refresh_token',
    'client_secret',
    'password',
    'secret',
    'cookie',
    'webhook-signature',
    // personal data
    'email',
    'owner_email',
    'owneremail',
    'phone',
    'firstname',
    'lastname',
    'first_name',
    'last_name',
  ].map((name) => name.toLowerCase()),
);

export const redactedValue = '[redacted]';

/**
 * Whether a field's value is masked: a listed name, or any name that says it holds an email address or a phone
 * number in a vendor's own spelling (`requesterEmail`, `EmailAddress`, `mobile_phone`).
 */
export function isSensitiveField(name: string): boolean {
  const lower = name.toLowerCase();
  return sensitiveFieldNames.has(lower) || lower.includes('email') || lower.endsWith('phone');
}

/**
 * A deep copy with every sensitive field's value replaced. Cycles and depth are bounded so that a hostile
 * payload cannot make logging itself fail.
 */
export function redactSensitive(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12 || seen.has(value)) return '[truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactSensitive(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = isSensitiveField(key) ? redactedValue : redactSensitive(field, depth + 1, seen);
  }
  return copy;
}
