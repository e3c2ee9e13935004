import { z } from 'zod';

/**
 * Field formats shared by the canonical entities. Each is a zod schema with a description, so the generated
 * mapping documentation states the format next to every field.
 */

/** ID of a record in its source system, as the source wrote it (safe charset, never rewritten). */
export const SourceId = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/)
  .describe('Source record ID: 1–128 characters of A–Z a–z 0–9 _ . : -');

/** ISO 3166-1 alpha-2 country code, uppercase (`US`, `DE`, `GB`). */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .describe('ISO 3166-1 alpha-2 country code, uppercase');

/** ISO 4217 currency code, uppercase (`USD`, `JPY`, `KWD`). */
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .describe('ISO 4217 currency code, uppercase');

/** Email address, lower-case. */
export const EmailAddress = z.email().max(254).describe('Email address, trimmed and lower-case');

/** Phone number in E.164 (`+14155550100`). */
export const PhoneNumber = z
  .string()
  .regex(/^\+[1-9]\d{1,14}$/)
  .describe('Phone number in E.164: + then up to 15 digits');

/** Calendar date, ISO 8601 (`2026-11-30`). */
export const CalendarDate = z.iso.date().describe('Calendar date, ISO 8601 YYYY-MM-DD');

/** Point in time, ISO 8601 in UTC (`2026-11-26T14:00:00.000Z`). */
export const UtcDateTime = z.iso
  .datetime({ offset: false, precision: undefined })
  .describe('Point in time, ISO 8601 in UTC with a Z suffix');

/** Free text: Unicode NFC, no control or zero-width characters, single spaces, trimmed, not empty. */
export function cleanTextOfAtMost(maxLength: number) {
  return z
    .string()
    .min(1)
    .max(maxLength)
    .describe(`Text, 1–${maxLength} UTF-16 code units: NFC, no control or zero-width characters, trimmed`);
}
