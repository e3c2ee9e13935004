import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../src/mapping/normalize/email';

describe('normalizeEmail', () => {
  it.each([
    [' Ann@Example.COM', 'ann@example.com'],
    ['Ann@Example.com ', 'ann@example.com'],
    ['\u200bann.lee+crm@example.co.uk', 'ann.lee+crm@example.co.uk'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeEmail(raw)).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    'ann at example dot com',
    'ann @example.com',
    'Ann <ann@example.com>',
    'a@b',
    'a@b.com, c@d.com',
    '@example.com',
  ])('refuses %s', (raw) => {
    expect(normalizeEmail(raw)).toMatchObject({ ok: false, code: 'invalid_email' });
  });

  it('refuses addresses longer than 254 characters', () => {
    expect(normalizeEmail(`${'a'.repeat(250)}@example.com`)).toMatchObject({
      ok: false,
      code: 'invalid_email',
    });
  });
});
