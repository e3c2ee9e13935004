import { describe, expect, it } from 'vitest';
import { normalizeCountry } from '../../src/mapping/normalize/country';

const countryOf = (raw: unknown) => {
  const result = normalizeCountry(raw);
  return result.ok ? result.value : result.code;
};

describe('normalizeCountry', () => {
  it.each([
    ['United States', 'US'],
    ['USA', 'US'],
    ['U.S.', 'US'],
    ['U.S.A', 'US'],
    ['us', 'US'],
    [' united states of america ', 'US'],
    ['Deutschland', 'DE'],
    ['DEU', 'DE'],
    ['UK', 'GB'],
    ['U.K.', 'GB'],
    ['Great Britain', 'GB'],
    ['England', 'GB'],
    ['España', 'ES'],
    ['espana', 'ES'],
    ['Österreich', 'AT'],
    ['Schweiz', 'CH'],
    ['Côte d’Ivoire', 'CI'],
    ['日本', 'JP'],
    ['ישראל', 'IL'],
    ['السعودية', 'SA'],
    ['Türkiye', 'TR'],
    ['Turkey', 'TR'],
  ])('%s → %s', (raw, code) => {
    expect(countryOf(raw)).toBe(code);
  });

  it('reads Georgia as the country, not the US state, with a warning naming the other reading', () => {
    expect(normalizeCountry('Georgia')).toEqual({
      ok: true,
      value: 'GE',
      notes: [
        { code: 'ambiguous_country_name', reason: expect.stringContaining('also a US state') as unknown },
      ],
    });
    expect(normalizeCountry('Holland')).toMatchObject({
      ok: true,
      value: 'NL',
      notes: [{ code: 'ambiguous_country_name' }],
    });
  });

  it.each([
    ['Granada', 'city in Spain'],
    ['Man', 'English word'],
    ['Salvador', 'city in Brazil'],
  ])('refuses %s: only a non-English alias, and also a %s', (raw, otherReading) => {
    const result = normalizeCountry(raw);
    expect(result).toMatchObject({ ok: false, code: 'unknown_country' });
    expect(!result.ok && result.reason).toContain(otherReading);
  });

  it.each([
    ['Deutschland', 'DE'],
    ['España', 'ES'],
    ['Österreich', 'AT'],
    ['Brasil', 'BR'],
    ['日本', 'JP'],
    ['Grenada', 'GD'],
    ['El Salvador', 'SV'],
    ['Isle of Man', 'IM'],
  ])('reads English names and a country’s own-language name without a warning: %s', (raw, code) => {
    expect(normalizeCountry(raw)).toEqual({ ok: true, value: code, notes: [] });
  });

  it('warns when a name is only a third language’s name for the country', () => {
    const result = normalizeCountry('Alemania');
    expect(result).toMatchObject({ ok: true, value: 'DE', notes: [{ code: 'foreign_country_name' }] });
    expect(result.ok && result.notes[0]?.reason).toContain('Spanish');
  });

  it('reads two-letter input as an ISO code first: CA is Canada, MY is Malaysia', () => {
    expect(countryOf('CA')).toBe('CA');
    expect(countryOf('my')).toBe('MY');
  });

  it('refuses names that mean several countries instead of picking one', () => {
    const result = normalizeCountry('Congo');
    expect(result).toMatchObject({ ok: false, code: 'unknown_country' });
    expect(!result.ok && result.reason).toContain('CD or CG');
  });

  it.each(['Atlantis', 'Korea', 'Europe', 'XX', 'America', '12'])('refuses %s', (raw) => {
    expect(countryOf(raw)).toBe('unknown_country');
  });

  it('ignores zero-width characters but reports them', () => {
    expect(normalizeCountry('Ger\u200bmany')).toEqual({
      ok: true,
      value: 'DE',
      notes: [expect.objectContaining({ code: 'invisible_characters_removed' })],
    });
  });

  it('separates wrong types and blanks from unknown countries', () => {
    expect(countryOf(840)).toBe('wrong_type');
    expect(countryOf('   ')).toBe('empty');
  });
});
