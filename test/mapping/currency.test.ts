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

  it.each([
    ['XDR', 'unit of account'],
    ['XSU', 'unit of account'],
    ['XUA', 'unit of account'],
    ['USN', 'fund'],
    ['CLF', 'fund'],
    ['BOV', 'fund'],
    ['CHE', 'fund'],
    ['CHW', 'fund'],
    ['COU', 'fund'],
    ['MXV', 'fund'],
    ['UYI', 'fund'],
    ['UYW', 'unit of account'],
    ['XAU', 'precious metal'],
    ['XAG', 'precious metal'],
    ['XPT', 'precious metal'],
    ['XPD', 'precious metal'],
    ['XTS', 'testing'],
    ['XXX', 'no currency'],
  ])('refuses %s as %s, not a currency to invoice in', (raw, designation) => {
    const result = normalizeCurrency(raw.toLowerCase());
    expect(result).toMatchObject({ ok: false, code: 'unknown_currency' });
    expect(!result.ok && result.reason).toContain(designation);
  });

  it('still accepts the legal tender of those countries', () => {
    for (const code of ['CHF', 'CLP', 'BOB', 'COP', 'MXN', 'UYU']) {
      expect(normalizeCurrency(code)).toMatchObject({ ok: true, value: { code } });
    }
  });
});
