import { describe, expect, it } from 'vitest';
import { normalizeDate, normalizeDateTime } from '../../src/mapping/normalize/datetime';

describe('normalizeDate', () => {
  it('accepts real ISO dates', () => {
    expect(normalizeDate('2026-11-30')).toMatchObject({ ok: true, value: '2026-11-30' });
    expect(normalizeDate('2028-02-29')).toMatchObject({ ok: true, value: '2028-02-29' });
  });

  it.each([
    '11/30/2026',
    '30/11/2026',
    '2026-02-30',
    '2026-13-01',
    '2026-11-30T00:00:00Z',
    '26-11-30',
    '0026-11-30',
  ])('refuses %s rather than guessing', (raw) => {
    expect(normalizeDate(raw)).toMatchObject({ ok: false, code: 'invalid_date' });
  });
});

describe('normalizeDateTime', () => {
  it.each([
    ['2026-11-26T14:00:00.000Z', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26T14:00:00Z', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26T15:00:00+01:00', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26 09:00-05:00', '2026-11-26T14:00:00.000Z'],
    ['2026-12-31T23:30:00-01:00', '2027-01-01T00:30:00.000Z'],
    ['2026-11-26T14:00:00.123456Z', '2026-11-26T14:00:00.123456Z'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeDateTime(raw)).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    '2026-11-26T14:00:00',
    'Nov 26 2026 2pm',
    '2026-11-26T24:00:00Z',
    '2026-02-30T10:00:00Z',
    '1764165600000',
  ])('refuses %s (no offset, not ISO, or not a real time)', (raw) => {
    expect(normalizeDateTime(raw)).toMatchObject({ ok: false, code: 'invalid_date' });
  });
});

describe('normalizeDateTime without an offset', () => {
  it('says the offset is missing rather than that the form is wrong', () => {
    const result = normalizeDateTime('2026-11-26T14:00:00');
    expect(result).toMatchObject({ ok: false, code: 'invalid_date' });
    expect(!result.ok && result.reason).toContain('has no UTC offset');
  });
});
