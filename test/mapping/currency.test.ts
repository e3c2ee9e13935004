import { describe, expect, it } from 'vitest';
import { normalizeCurrency } from '../../src/mapping/normalize/currency';

describe('normalizeCurrency', () => {
  it.each([
    ['usd', 'USD', 2],
    [' JPY ', 'JPY', 0],
    ['kwd', 'KWD', 3],
    ['eur', 'EUR', 2],
  ])('%j → %s with %i minor-unit digits', (raw, code, minorUnitDigits) => {
    expect(normalizeCurrency(raw)).toMatchObject({ ok: true, value: { code, minorUnitDigits } });
  });

  it.each(['$', 'dollars', 'US Dollar', 'XAU', 'XTS', 'XXX', 'ABC', 'US'])('refuses %s', (raw) => {
    expect(normalizeCurrency(raw)).toMatchObject({ ok: false, code: 'unknown_currency' });
  });
});
