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
 * Converts an amount to exact integer minor units of its currency (`"12,500.00"` USD → 1250000), by string
 * arithmetic — never through a float, so `0.1 + 0.2` style errors cannot happen.
 *
 * Accepts text in the declared {@link NumberFormat}, optionally prefixed or suffixed by the currency's code or
 * symbol (`¥1,000`, `1,000 JPY`), and JSON numbers (read through their shortest exact decimal form, so `19.99`
 * stays 19.99 and a float artefact like `0.30000000000000004` is refused as too precise rather than rounded).
 *
 * Fails with: `invalid_amount` (not a number in the declared format, exponents, several signs, a symbol of
 * another currency), `negative_amount` (any minus sign: amounts are declared non-negative), `too_precise` (more
 * fraction digits than the currency has, unless they are zeros: rounding money is not ours to decide),
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
    return parseDecimal(text, { decimalSeparator: '.', groupSeparator: ',' }, options.minorUnitDigits, raw);
  }
  if (typeof raw !== 'string') {
    return notNormalized(
      'invalid_amount',
      `expected an amount as text or a number, got ${describeValue(raw)}`,
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
    if (!/[\p{L}\p{Sc}]/u.test(marker)) return invalidFormat(raw, options.numberFormat);
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

/** Splits text into a leading marker, the amount, and a trailing marker (`¥1,000`, `1,000 JPY`). */
function splitCurrencyMarker(text: string): { prefix: string; amount: string; suffix: string } {
  const match = /^([^\d\s.,'()−-]*)\s*(.*?)\s*([^\d\s.,'()−-]*)$/u.exec(text);
  return { prefix: match?.[1] ?? '', amount: match?.[2] ?? text, suffix: match?.[3] ?? '' };
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
