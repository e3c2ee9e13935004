/** Webhook signing keys: 24 random bytes is the least production takes, whatever the scheme. */
export const minimumWebhookSecretBytes = 24;

/**
 * Why a webhook secret is too weak for production, or undefined when it is strong enough: at least 24 bytes
 * after `whsec_`, and not an obviously repetitive key (fewer than 12 distinct byte values cannot be random).
 */
export function webhookSecretWeakness(secret: string): string | undefined {
  // A Standard Webhooks secret carries its key in base64; other schemes (an HMAC key) use the text itself.
  const key = secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
  if (key.length < minimumWebhookSecretBytes) {
    return `holds ${key.length} bytes; production needs at least ${minimumWebhookSecretBytes} random bytes (whsec_ + openssl rand -base64 32)`;
  }
  if (new Set(key).size < 12)
    return 'is not random (too few distinct bytes): generate it with openssl rand -base64 32';
  return undefined;
}
