import { z } from 'zod';
import { describeValue } from './describe-value';
import { normalized, notNormalized, type Normalized } from './normalized';
import { readText } from './text';

/** RFC 5321's limit on a forward path; longer addresses cannot be delivered to. */
export const maxEmailLength = 254;

const emailFormat = z.email();

/**
 * Normalizes an email address: cleaned like all text (trimmed, invisible characters removed), lower-cased
 * (the CRM treats addresses case-insensitively and so do the targets), then validated. Spaces inside the
 * address, display names (`Ann <ann@x.com>`) or several addresses are not guessed at: they fail with
 * `invalid_email`.
 */
export function normalizeEmail(raw: unknown): Normalized<string> {
  const text = readText(raw);
  if (!text.ok) return text;
  const email = text.value.toLowerCase();
  if (email.length > maxEmailLength) {
    return notNormalized(
      'invalid_email',
      `is ${email.length} characters; an email address has at most ${maxEmailLength}`,
    );
  }
  if (!emailFormat.safeParse(email).success) {
    return notNormalized('invalid_email', `${describeValue(text.value)} is not a valid email address`);
  }
  return normalized(email, text.notes);
}
