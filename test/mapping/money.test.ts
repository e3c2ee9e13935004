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
