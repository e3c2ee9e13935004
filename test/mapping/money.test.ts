import { describe, expect, it } from 'vitest';
import { parseMoney, type NumberFormat } from '../../src/mapping/normalize/money';

const enUS: NumberFormat = { decimalSeparator: '.', groupSeparator: ',' };
const deDE: NumberFormat = { decimalSeparator: ',', groupSeparator: '.' };
const usd = { numberFormat: enUS, currency: 'USD', minorUnitDigits: 2 };

const minorUnits = (raw: unknown, options = usd) => {
  const result = parseMoney(raw, options);
  return result.ok ? result.value : result.code;
};

describe('parseMoney', () => {
  it.each([
    ['12,500.00', 1_250_000],
    ['12500', 1_250_000],
    ['1,234.50', 123_450],
    ['0.10', 10],
    ['0.1', 10],
    ['$1,000', 100_000],
    ['1,000 USD', 100_000],
    ['10.500', 1050],
    ['0', 0],
  ])('en-US %s → %i cents', (raw, expected) => {
    expect(minorUnits(raw)).toBe(expected);
  });

  it('reads "1.234,50" only under a declared de-DE format', () => {
    expect(minorUnits('1.234,50')).toBe('invalid_amount');
    expect(minorUnits('1.234,50', { ...usd, numberFormat: deDE, currency: 'EUR' })).toBe(123_450);
    expect(minorUnits('1,234.50', { ...usd, numberFormat: deDE, currency: 'EUR' })).toBe('invalid_amount');
  });

  it('uses the currency’s ISO 4217 minor-unit digits', () => {
    expect(minorUnits('¥1,000', { numberFormat: enUS, currency: 'JPY', minorUnitDigits: 0 })).toBe(1000);
    expect(minorUnits('1,234.567', { numberFormat: enUS, currency: 'KWD', minorUnitDigits: 3 })).toBe(
      1_234_567,
    );
    expect(minorUnits('1.5', { numberFormat: enUS, currency: 'JPY', minorUnitDigits: 0 })).toBe(
      'too_precise',
    );
  });

  it('never goes through floats: 0.1 + 0.2 is refused, not rounded; exact JSON numbers are kept', () => {
    expect(minorUnits(0.1 + 0.2)).toBe('too_precise');
    expect(minorUnits(19.99)).toBe(1999);
    expect(minorUnits(1.005)).toBe('too_precise');
    expect(minorUnits(4.35)).toBe(435); // 4.35 * 100 is 434.99999999999994 in floating point
    expect(minorUnits('1234567890123.45')).toBe(123_456_789_012_345);
  });

  it.each(['-500.00', '-$1.00', '$-1', '(100.00)', -5, '−3'])('refuses negative %s', (raw) => {
    expect(minorUnits(raw)).toBe('negative_amount');
  });

  it.each(['1e5', '1E2', '12.', '.5', '1,23.00', '12 500', '1,2345', 'twelve', '+5', '1..0', '0x10', 'NaN'])(
    'refuses %s as not in the declared format',
    (raw) => {
      expect(minorUnits(raw)).toBe('invalid_amount');
    },
  );

  it('refuses a symbol of another currency', () => {
    expect(minorUnits('€12.00')).toBe('invalid_amount');
    expect(!parseMoney('€12.00', usd).ok && parseMoney('€12.00', usd)).toMatchObject({
      reason: expect.stringContaining('other than USD'),
    });
  });

  it('refuses non-finite, too large and non-numeric values', () => {
    expect(minorUnits(Number.POSITIVE_INFINITY)).toBe('invalid_amount');
    expect(minorUnits(1e21)).toBe('invalid_amount');
    expect(minorUnits('90,071,992,547,409.92')).toBe('amount_too_large');
    expect(minorUnits(true)).toBe('invalid_amount');
    expect(minorUnits({ value: 1 })).toBe('invalid_amount');
  });
});

describe('parseMoney on hostile and ambiguous input', () => {
  it('refuses text longer than an amount before any pattern runs (no ReDoS, no huge BigInt)', () => {
    const started = performance.now();
    for (const raw of [`1${'a'.repeat(40_000)}1`, `1${'a'.repeat(300_000)}1`, '1'.repeat(10_000_000)]) {
      expect(parseMoney(raw, usd)).toMatchObject({
        ok: false,
        code: 'invalid_amount',
        reason: expect.stringContaining('too long to be an amount'),
      });
    }
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('splits a currency marker in linear time even just under the length cap', () => {
    const started = performance.now();
    for (let i = 0; i < 1000; i += 1) parseMoney(`1${'a'.repeat(62)}1`, usd);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses JSON numbers that a double cannot carry exactly, instead of accepting the rounded value', () => {
    // JSON.parse('90071992547409.91') is 90071992547409.9: the sender's last digit is already gone.
    const rounded = JSON.parse('90071992547409.91') as number;
    expect(parseMoney(rounded, usd)).toMatchObject({
      ok: false,
      code: 'amount_too_precise',
      reason: expect.stringContaining('send the amount as text'),
    });
    expect(minorUnits(JSON.parse('87109600909924.48'))).toBe('amount_too_precise');
    expect(minorUnits(9_999_999_999_999.99)).toBe(999_999_999_999_999);
    // The same amounts as text are exact.
    expect(minorUnits('90071992547409.91')).toBe(9_007_199_254_740_991);
  });

  it.each(['TBD', 'N/A', 'NaN', 'n/a', 'KD 1.500', 'approx 12'])(
    'says %s is not an amount rather than blaming a currency',
    (raw) => {
      const result = parseMoney(raw, usd);
      expect(result).toMatchObject({ ok: false, code: 'invalid_amount' });
      expect(!result.ok && result.reason).toContain('is not an amount in the source');
      expect(!result.ok && result.reason).not.toContain('currency');
    },
  );

  it('accepts the currency’s own code before or after the amount, and names another currency’s', () => {
    const kwd = { numberFormat: enUS, currency: 'KWD', minorUnitDigits: 3 };
    expect(minorUnits('KWD 1.500', kwd)).toBe(1500);
    expect(minorUnits('1.500 kwd', kwd)).toBe(1500);
    expect(minorUnits('USD 12.00')).toBe(1200);
    const eur = parseMoney('EUR 12.00', usd);
    expect(eur).toMatchObject({ ok: false, code: 'invalid_amount' });
    expect(!eur.ok && eur.reason).toContain('other than USD');
  });
});
