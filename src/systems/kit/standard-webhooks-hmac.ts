import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HMAC key of a Standard Webhooks secret (`whsec_<base64>`). */
export function standardWebhooksKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  if (key.length === 0) throw new Error('the webhook secret is empty');
  return key;
}

/**
 * Whether any `v1,<base64>` entry of `webhook-signature` is the HMAC-SHA256 of `<id>.<timestamp>.<body>`, computed
 * over the bytes as they arrived: the body is never decoded first (an invalid UTF-8 byte would otherwise be
 * verified as the replacement character), and the header values are taken byte for byte. Compared in constant time.
 */
export function standardWebhooksSignatureMatches(
  key: Buffer,
  signed: { id: Buffer; timestamp: string; body: Buffer },
  signatureHeader: string,
): boolean {
  const expected = createHmac('sha256', key)
    .update(signed.id)
    .update(`.${signed.timestamp}.`)
    .update(signed.body)
    .digest('base64');
  const expectedText = Buffer.from(expected);
  let matched = false;
  for (const entry of signatureHeader.split(' ')) {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || signature === undefined) continue;
    // Compared as text, as senders write it: a decoder that skips stray characters would accept altered ones.
    const given = Buffer.from(signature);
    // Visit every entry whatever matched, so the answer's timing says nothing about which one did.
    if (given.length === expectedText.length && timingSafeEqual(given, expectedText)) matched = true;
  }
  return matched;
}
