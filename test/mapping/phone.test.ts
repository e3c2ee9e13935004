import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../src/mapping/normalize/phone';

describe('normalizePhone', () => {
  it('reads national numbers in the company country', () => {
    expect(normalizePhone('(415) 555-0100', { defaultRegion: 'US' })).toMatchObject({
      ok: true,
      value: '+14155550100',
    });
    expect(normalizePhone('030 1234567', { defaultRegion: 'DE' })).toMatchObject({
      ok: true,
      value: '+49301234567',
    });
  });

  it('keeps the country code of international numbers whatever the default region', () => {
    expect(normalizePhone('+49 30 1234567', { defaultRegion: 'US' })).toMatchObject({
      value: '+49301234567',
    });
    expect(normalizePhone('+44 20 7946 0958')).toMatchObject({ value: '+442079460958' });
  });

  it('drops an extension with a note, since E.164 cannot carry one', () => {
    const result = normalizePhone('+1 415 555 0100 ext. 12', { defaultRegion: 'US' });
    expect(result).toMatchObject({ ok: true, value: '+14155550100' });
    expect(result.ok && result.notes.map((note) => note.code)).toEqual(['phone_extension_dropped']);
  });

  it.each(['12', 'call me', '555-0100', '+1 (000) 000-0000', '9'.repeat(80)])('refuses %s', (raw) => {
    expect(normalizePhone(raw, { defaultRegion: 'US' })).toMatchObject({ ok: false, code: 'invalid_phone' });
  });

  it('cannot read a national number without a region', () => {
    expect(normalizePhone('(415) 555-0100')).toMatchObject({ ok: false, code: 'invalid_phone' });
  });

  it.each([
    'call +1 415 555 0100 tomorrow',
    'tel: +1 415 555 0100',
    '+1 415 555 0100 (office)',
    '1-800-FLOWERS',
  ])('refuses a number picked out of text: %s', (raw) => {
    const result = normalizePhone(raw, { defaultRegion: 'US' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_phone' });
    expect(!result.ok && result.reason).toContain('contains text besides a phone number');
  });

  it.each(['+1 415 555 0100 ext. 12', '+1-415-555-0100x12', '+1 415 555 0100 #12', '+1 415 555 0100;ext=12'])(
    'accepts extension markers as the only letters: %s',
    (raw) => {
      expect(normalizePhone(raw, { defaultRegion: 'US' })).toMatchObject({ ok: true, value: '+14155550100' });
    },
  );
});
