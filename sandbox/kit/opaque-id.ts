import { randomBytes } from 'node:crypto';

// Crockford base32, lower-cased: no easily confused characters, and nothing derived from the record itself,
// so an ID never carries personal data into logs or URLs.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** A random opaque ID such as `deal_7q3mz0c5e2x9kh4t`. */
export function opaqueId(prefix: string, length = 16): string {
  const bytes = randomBytes(length);
  let suffix = '';
  for (const byte of bytes) suffix += alphabet[byte % 32];
  return `${prefix}_${suffix}`;
}
