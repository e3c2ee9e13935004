import type { CanonicalPath, FieldKind } from './mapping-definition';
import { readPath } from './field-path';
import { normalizeCountry } from './normalize/country';
import { minorUnitDigitsOf, normalizeCurrency } from './normalize/currency';
import { looksLikeDateTime, normalizeDate, normalizeDateTime, utcDateOf } from './normalize/datetime';
import { normalizeDomain } from './normalize/domain';
import { normalizeEmail } from './normalize/email';
import { normalizeIdentifier } from './normalize/identifier';
import { parseMoney } from './normalize/money';
import { normalized, notNormalized, type Normalized } from './normalize/normalized';
import { normalizePhone } from './normalize/phone';
import { normalizeCount, normalizeSequence } from './normalize/sequence';
import { readText } from './normalize/text';

/** Result code of a field whose dependency (e.g. the currency of an amount) has no valid value. */
export const dependencyMissing = 'dependency_missing';

/**
 * Normalizes one raw source value by its field kind. `canonical` is the record built so far, so dependent
 * kinds can read what they depend on (an amount its currency, a phone its country).
 */
export function normalizeByKind(
  kind: FieldKind,
  raw: unknown,
  canonical: Record<string, unknown>,
): Normalized<unknown> {
  switch (kind.kind) {
    case 'text':
      return readText(raw);
    case 'identifier':
      return normalizeIdentifier(raw);
    case 'email':
      return normalizeEmail(raw);
    case 'phone':
      return normalizePhone(raw, { defaultRegion: canonicalString(canonical, kind.defaultRegionFrom) });
    case 'country':
      return normalizeCountry(raw);
    case 'currency': {
      const currency = normalizeCurrency(raw);
      return currency.ok ? normalized(currency.value.code, currency.notes) : currency;
    }
    case 'money': {
      const currency = canonicalString(canonical, kind.currencyFrom);
      const minorUnitDigits = currency === undefined ? undefined : minorUnitDigitsOf(currency);
      if (currency === undefined || minorUnitDigits === undefined) {
        return notNormalized(dependencyMissing, `cannot be read without a valid ${kind.currencyFrom}`);
      }
      const amount = parseMoney(raw, { numberFormat: kind.numberFormat, currency, minorUnitDigits });
      return amount.ok ? normalized({ amountMinor: amount.value, currency }, amount.notes) : amount;
    }
    case 'date': {
      const date = normalizeDate(raw);
      if (date.ok || !kind.acceptDateTime) return date;
      const dateTime = normalizeDateTime(raw);
      if (dateTime.ok) return normalized(utcDateOf(dateTime.value), dateTime.notes);
      // A date-time attempt (e.g. one missing its offset) is best told what a date-time lacks, not a date.
      return looksLikeDateTime(raw) ? dateTime : date;
    }
    case 'datetime':
      return normalizeDateTime(raw);
    case 'domain':
      return normalizeDomain(raw);
    case 'sequence':
      return normalizeSequence(raw);
    case 'count':
      return normalizeCount(raw);
  }
}

function canonicalString(canonical: Record<string, unknown>, path: CanonicalPath): string | undefined {
  const lookup = readPath(canonical, path);
  return lookup.found && typeof lookup.value === 'string' ? lookup.value : undefined;
}
