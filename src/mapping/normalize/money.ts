import currencyCodes from 'currency-codes';
import { describeValue } from './describe-value';
import { normalized, notNormalized, type NormalizationNote, type Normalized } from './normalized';
import { cleanText, invisibleCharactersRemoved } from './text';

/**
 * How a source writes numbers in text. Declared per source, never detected: "1.234" is one thousand two
 * hundred thirty-four in Germany and one point two three four in the US, and guessing between them is how
 * amounts end up a thousand times wrong.
 */
export interface NumberFormat {
  /** Separates the integer part from the fraction, e.g. `.` in en-US, `,` in de-DE. */
  decimalSeparator: '.' | ',';
  /**
   * Separates groups of three integer digits, e.g. `,` in en-US, `.` in de-DE. Grouping is optional in the
   * input, but when present every group after the first must have exactly three digits.
   */
  groupSeparator: ',' | '.' | ' ' | "'";
}

/** Options for {@link parseMoney}. */
export interface MoneyOptions {
  /** The number format the source declares for amounts written as text. */
  numberFormat: NumberFormat;
  /** ISO 4217 code of the amount's currency. A currency symbol in the text must belong to it. */
  currency: string;
  /** Digits of the currency's minor unit (USD 2, JPY 0, KWD 3). */
  minorUnitDigits: number;
}

/** Largest amount in minor units that JSON consumers can hold exactly as a number (2^53 - 1). */
const maxMinorUnits = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Longest text read as an amount. The largest accepted amount (2^53 - 1 minor units, 16 digits) with grouping,
 * a currency code and spaces fits well within it; refusing longer input before any pattern or BigInt runs keeps
 * the cost of hostile input (`1aaaa…1`, ten million digits) constant.
 */
const maxAmountTextLength = 64;

/**
 * Significant decimal digits a double is guaranteed to hold exactly (DBL_DIG). A JSON number that needs more
 * may have been rounded by JSON.parse before we saw it: `90071992547409.91` arrives as `90071992547409.9`, and
 * nothing in the parsed value tells. So a JSON amount is accepted only when its value in minor units has at
 * most this many digits (then every amount of that size survives the double exactly) and its shortest decimal
 * form has no more either.
 */
const maxExactJsonNumberDigits = 15;
const maxExactJsonMinorUnits = 10 ** maxExactJsonNumberDigits;

/**
 * Converts an amount to exact integer minor units of its currency (`"12,500.00"` USD → 1250000), by string
 * arithmetic — never through a float, so `0.1 + 0.2` style errors cannot happen.
 *
 * Accepts text in the declared {@link NumberFormat}, optionally prefixed or suffixed by the currency's code or
 * symbol (`¥1,000`, `1,000 JPY`), and JSON numbers (read through their shortest exact decimal form, so `19.99`
 * stays 19.99 and a float artefact like `0.30000000000000004` is refused as too precise rather than rounded).
 *
 * Fails with: `invalid_amount` (not a number in the declared format, exponents, several signs, a symbol or
 * code of another currency, longer than {@link maxAmountTextLength} characters), `negative_amount` (any minus
 * sign: amounts are declared non-negative), `too_precise` (more fraction digits than the currency has, unless
 * they are zeros: rounding money is not ours to decide), `amount_too_precise` (a JSON number of more than
 * {@link maxExactJsonNumberDigits} digits in minor units, which JSON.parse may already have rounded),
 * `amount_too_large` (beyond 2^53 - 1 minor units).
 */
export function parseMoney(raw: unknown, options: MoneyOptions): Normalized<number> {
  let text: string;
  const notes: NormalizationNote[] = [];
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw))
      return notNormalized('invalid_amount', `${describeValue(raw)} is not a finite amount`);
    text = String(raw);
    if (/e/i.test(text)) {
      return notNormalized(
        'invalid_amount',
        `${text} is outside the range of amounts written without an exponent`,
      );
    }
    const result = parseDecimal(
      text,
      { decimalSeparator: '.', groupSeparator: ',' },
      options.minorUnitDigits,
      raw,
    );
    if (
      result.ok &&
      (result.value >= maxExactJsonMinorUnits || significantDigits(text) > maxExactJsonNumberDigits)
    ) {
      return notNormalized(
        'amount_too_precise',
        `JSON number ${text} has more digits than a double holds exactly (${maxExactJsonNumberDigits}), so it ` +
          'may already be rounded; send the amount as text',
      );
    }
    return result;
  }
  if (typeof raw !== 'string') {
    return notNormalized(
      'invalid_amount',
      `expected an amount as text or a number, got ${describeValue(raw)}`,
    );
  }
  if (raw.length > maxAmountTextLength) {
    return notNormalized(
      'invalid_amount',
      `is ${raw.length} characters, too long to be an amount (at most ${maxAmountTextLength})`,
    );
  }
  const cleaned = cleanText(raw);
  if (cleaned.removedInvisible) notes.push(invisibleCharactersRemoved);
  text = cleaned.text;
  if (text === '') return notNormalized('empty', 'is empty');

  const marked = splitCurrencyMarker(text);
  const markers = currencyMarkers(options.currency);
  for (const marker of [marked.prefix, marked.suffix]) {
    if (marker === '' || markers.has(marker.toUpperCase())) continue;
    if (!namesAnotherCurrency(marker)) return invalidFormat(raw, options.numberFormat);
    return notNormalized(
      'invalid_amount',
      `${describeValue(raw)} carries a currency symbol or code other than ${options.currency}`,
    );
  }
  const result = parseDecimal(marked.amount, options.numberFormat, options.minorUnitDigits, raw);
  return result.ok ? normalized(result.value, [...notes, ...result.notes]) : result;
}

function parseDecimal(
  text: string,
  format: NumberFormat,
  minorUnitDigits: number,
  raw: unknown,
): Normalized<number> {
  if (/^[-−‐–(]|[-−)]$/u.test(text)) {
    return notNormalized(
      'negative_amount',
      `${describeValue(raw)} is negative; amounts must be zero or more`,
    );
  }
  const group = escapeForPattern(format.groupSeparator);
  const decimal = escapeForPattern(format.decimalSeparator);
  const pattern = new RegExp(`^(\\d{1,3}(?:${group}\\d{3})+|\\d+)(?:${decimal}(\\d+))?$`);
  const match = pattern.exec(text);
  if (!match) return invalidFormat(raw, format);
  const integerDigits = (match[1] ?? '').split(format.groupSeparator).join('');
  const fraction = match[2] ?? '';
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > minorUnitDigits) {
    return notNormalized(
      'too_precise',
      `${describeValue(raw)} has more decimals than the currency's ${minorUnitDigits}; it is not rounded`,
    );
  }
  const minorUnits = BigInt(integerDigits + significantFraction.padEnd(minorUnitDigits, '0'));
  if (minorUnits > maxMinorUnits) {
    return notNormalized('amount_too_large', `${describeValue(raw)} is too large to be handled exactly`);
  }
  return normalized(Number(minorUnits));
}

function invalidFormat(raw: unknown, format: NumberFormat): Normalized<number> {
  const example = `1${format.groupSeparator}234${format.decimalSeparator}50`;
  return notNormalized(
    'invalid_amount',
    `${describeValue(raw)} is not an amount in the source's declared format (like ${example})`,
  );
}

function escapeForPattern(separator: string): string {
  return separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Significant digits of a plain decimal string (`0.0012300` → 3, `1200` → 2). */
function significantDigits(decimal: string): number {
  return decimal.replace(/\D/g, '').replace(/^0+/, '').replace(/0+$/, '').length;
}

/**
 * A marker that is not the declared currency's names another one only if it is an ISO 4217 code or holds a
 * currency sign (`EUR`, `€`, `US$`); other letters (`TBD`, `N/A`, `KD`) make the text simply not an amount.
 */
function namesAnotherCurrency(marker: string): boolean {
  if (/\p{Sc}/u.test(marker)) return true;
  return /^[A-Za-z]{3}$/.test(marker) && currencyCodes.code(marker.toUpperCase()) !== undefined;
}

/** Characters that can be part of an amount, its sign or its grouping: everything else is a currency marker. */
const amountCharacter = /[\d\s.,'()−-]/u;

/**
 * Splits text into a leading marker, the amount, and a trailing marker (`¥1,000`, `1,000 JPY`). A single scan
 * from each end, no backtracking pattern: the cost is linear in the text's length whatever it holds.
 */
function splitCurrencyMarker(text: string): { prefix: string; amount: string; suffix: string } {
  const characters = [...text];
  let start = 0;
  while (start < characters.length && !amountCharacter.test(characters[start] as string)) start += 1;
  let end = characters.length;
  while (end > start && !amountCharacter.test(characters[end - 1] as string)) end -= 1;
  return {
    prefix: characters.slice(0, start).join(''),
    amount: characters.slice(start, end).join('').trim(),
    suffix: characters.slice(end).join(''),
  };
}

/** The declared currency's ISO code and its English symbols as Intl renders them (`$`, `¥`, `€`, `CA$`). */
const markersByCurrency = new Map<string, Set<string>>();

function currencyMarkers(currency: string): Set<string> {
  const known = markersByCurrency.get(currency);
  if (known) return known;
  const markers = new Set<string>([currency.toUpperCase()]);
  for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
    try {
      const parts = new Intl.NumberFormat('en', {
        style: 'currency',
        currency,
        currencyDisplay,
      }).formatToParts(1);
      const symbol = parts.find((part) => part.type === 'currency')?.value;
      if (symbol) markers.add(symbol.toUpperCase());
    } catch {
      // An ICU build without this currency still accepts its ISO code.
    }
  }
  markersByCurrency.set(currency, markers);
  return markers;
}
