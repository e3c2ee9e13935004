import type { FieldKind } from './mapping-definition';

/** How a field kind appears in the mapping table. */
export interface KindDescription {
  /** Canonical type and format, e.g. `string (ISO 3166-1 alpha-2)`. */
  type: string;
  /** What is done to the raw value, in a sentence. */
  transform: string;
}

const cleaned = 'NFC, control/zero-width characters removed, whitespace collapsed, trimmed';

/** Documentation of a field kind, for `loudwire mappings` and docs/mappings. */
export function describeKind(kind: FieldKind): KindDescription {
  switch (kind.kind) {
    case 'text':
      return { type: 'string', transform: `Text: ${cleaned}` };
    case 'identifier':
      return { type: 'string (ID)', transform: 'Copied unchanged; must match [A-Za-z0-9_.:-]{1,128}' };
    case 'email':
      return { type: 'string (email)', transform: `Trimmed, lower-cased, validated` };
    case 'phone':
      return {
        type: 'string (E.164)',
        transform: `libphonenumber-js (full metadata) → E.164; national numbers read in the region of ${kind.defaultRegionFrom}; extensions dropped with a warning; other text around the number refused`,
      };
    case 'country':
      return {
        type: 'string (ISO 3166-1 alpha-2)',
        transform:
          'i18n-iso-countries: alpha-2/alpha-3 codes, or names and aliases in any of its locales (case, accents, punctuation ignored); names of several countries refused; names with another common reading warned (Georgia) or, when only a non-English alias, refused (Granada); names only in a third language warned',
      };
    case 'currency':
      return {
        type: 'string (ISO 4217)',
        transform:
          'currency-codes: code upper-cased and looked up; symbols, funds, units of account and precious metals refused',
      };
    case 'money': {
      const { decimalSeparator, groupSeparator } = kind.numberFormat;
      return {
        type: 'Money {amountMinor: integer, currency}',
        transform: `Exact integer minor units of ${kind.currencyFrom} (ISO 4217 digits) by string arithmetic; text in the declared format (decimal "${decimalSeparator}", grouping "${groupSeparator}"), optional symbol/code of that currency; at most 64 characters; JSON numbers via their exact decimal form, refused beyond 15 digits (send larger amounts as text); a blank amount is no amount, with a warning`,
      };
    }
    case 'date':
      return {
        type: 'string (YYYY-MM-DD)',
        transform: kind.acceptDateTime
          ? 'ISO 8601 date; an ISO 8601 date-time with offset becomes its UTC date'
          : 'ISO 8601 date only; must exist in the calendar',
      };
    case 'datetime':
      return {
        type: 'string (ISO 8601 UTC)',
        transform: 'ISO 8601 date-time with Z or ±hh:mm offset → UTC; no offset is refused',
      };
    case 'domain':
      return {
        type: 'string (hostname)',
        transform: 'Lower-case ASCII hostname; a URL is reduced to its host',
      };
    case 'sequence':
      return { type: 'integer ≥ 0', transform: 'Whole number; digit strings read as numbers' };
    case 'count':
      return { type: 'integer ≥ 0', transform: 'Exact whole number; fractions and text refused' };
  }
}
