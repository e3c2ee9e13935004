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
 * ISO 4217 codes that are not legal tender one can invoice in, by the designation ISO gives them. The
 * currency-codes package lists them like any currency (some under a country, e.g. USN under the United States),
 * so they are declared here. Sources: the ISO 4217 list's "fund" flag (its `IsFund` attribute) and its X-codes
 * for supranational units of account, precious metals, testing and "no currency".
 */
const notLegalTender: Readonly<Record<string, string>> = {
  // Funds (ISO 4217 IsFund="true")
  BOV: 'a fund code (Bolivian Mvdol)',
  CHE: 'a fund code (WIR Euro)',
  CHW: 'a fund code (WIR Franc)',
  CLF: 'a fund code (Chilean Unidad de Fomento)',
  COU: 'a fund code (Colombian Unidad de Valor Real)',
  MXV: 'a fund code (Mexican Unidad de Inversión)',
  USN: 'a fund code (US Dollar next day)',
  UYI: 'a fund code (Uruguay Peso en Unidades Indexadas)',
  UYW: 'a unit of account (Uruguayan Unidad Previsional)',
  // Supranational units of account
  XDR: 'a unit of account (IMF Special Drawing Right)',
  XSU: 'a unit of account (SUCRE)',
  XUA: 'a unit of account (African Development Bank)',
  XBA: 'a unit of account (European bond markets)',
  XBB: 'a unit of account (European bond markets)',
  XBC: 'a unit of account (European bond markets)',
  XBD: 'a unit of account (European bond markets)',
  // Precious metals
  XAU: 'a precious metal (gold)',
  XAG: 'a precious metal (silver)',
  XPT: 'a precious metal (platinum)',
  XPD: 'a precious metal (palladium)',
  // Reserved codes
  XTS: 'the code reserved for testing',
  XXX: 'the code for transactions with no currency',
};

/**
 * Normalizes a currency to its ISO 4217 code (`usd` → `USD`) using the currency-codes package. Only codes are
 * accepted, not symbols: `$` alone names a dozen currencies. Codes that are not money one can invoice in —
 * funds, units of account, precious metals, the test and "no currency" codes ({@link notLegalTender}) — are
 * refused as `unknown_currency`, with a reason that says what the code is.
 */
export function normalizeCurrency(raw: unknown): Normalized<Currency> {
  const text = readText(raw);
  if (!text.ok) return text;
  const code = text.value.toUpperCase();
  const record = /^[A-Z]{3}$/.test(code) ? currencyCodes.code(code) : undefined;
  if (!record) {
    return notNormalized('unknown_currency', `${describeValue(text.value)} is not an ISO 4217 currency code`);
  }
  // Any other code ISO lists under no country or under a "ZZnn_…" pseudo-country is refused the same way.
  const designation =
    notLegalTender[code] ??
    (record.countries.length === 0 || record.countries.every((country) => /^zz\d/i.test(country))
      ? `not the currency of any country (${record.currency})`
      : undefined);
  if (designation !== undefined) {
    return notNormalized(
      'unknown_currency',
      `${code} is ${designation}, not a currency that can be invoiced`,
    );
  }
  return normalized({ code: record.code, minorUnitDigits: record.digits }, text.notes);
}

/** Minor-unit digits of an ISO 4217 code, or undefined when the code is unknown. */
export function minorUnitDigitsOf(code: string): number | undefined {
  return currencyCodes.code(code)?.digits;
}
