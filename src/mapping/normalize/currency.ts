import currencyCodes from 'currency-codes';
import { describeValue } from './describe-value';
import { normalized, notNormalized, type Normalized } from './normalized';
import { readText } from './text';

/** An ISO 4217 currency with the number of digits of its minor unit (USD 2, JPY 0, KWD 3). */
export interface Currency {
  code: string;
  minorUnitDigits: number;
}

/**
 * Normalizes a currency to its ISO 4217 code (`usd` → `USD`) using the currency-codes package. Only codes are
 * accepted, not symbols: `$` alone names a dozen currencies. Codes that are not money one can invoice in —
 * precious metals, funds, the test and "no currency" codes, which ISO lists under no country — are refused.
 */
export function normalizeCurrency(raw: unknown): Normalized<Currency> {
  const text = readText(raw);
  if (!text.ok) return text;
  const code = text.value.toUpperCase();
  const record = /^[A-Z]{3}$/.test(code) ? currencyCodes.code(code) : undefined;
  if (!record) {
    return notNormalized('unknown_currency', `${describeValue(text.value)} is not an ISO 4217 currency code`);
  }
  // ISO lists supranational pseudo-currencies (XAU gold, XTS testing, XXX none) under "ZZnn_…" entries.
  if (record.countries.length === 0 || record.countries.every((country) => /^zz\d/i.test(country))) {
    return notNormalized(
      'unknown_currency',
      `${code} (${record.currency}) is not a currency that can be invoiced`,
    );
  }
  return normalized({ code: record.code, minorUnitDigits: record.digits }, text.notes);
}

/** Minor-unit digits of an ISO 4217 code, or undefined when the code is unknown. */
export function minorUnitDigitsOf(code: string): number | undefined {
  return currencyCodes.code(code)?.digits;
}
