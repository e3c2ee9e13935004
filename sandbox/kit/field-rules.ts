import currencyCodes from 'currency-codes';
import { z } from 'zod';

// Field rules several vendors share. Each vendor still decides which fields it has and how it reports errors.

/** Length in characters as a person counts them (code points), so "Zürich" is 6 whatever its encoding. */
export function characterCount(value: string): number {
  return [...value].length;
}

/** A required string of 1..max characters. Never trimmed or truncated: an over-long value is an error. */
export function requiredText(max: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .refine((value) => value.trim().length > 0, 'must not be blank')
    .refine((value) => characterCount(value) <= max, `must be at most ${max} characters`);
}

/** A calendar date written YYYY-MM-DD that actually exists (no 2025-02-30). */
export const isoDate = z
  .string({ error: 'must be a date string YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'is not a real date');

/** An upper-case ISO 4217 code the currency-codes registry knows. */
export const iso4217Currency = z
  .string({ error: 'must be a string' })
  .refine(
    (value) => /^[A-Z]{3}$/.test(value) && currencyCodes.code(value) !== undefined,
    'must be an upper-case ISO 4217 currency code, e.g. EUR',
  );

export const emailAddress = z.email({ error: 'must be an email address' });
