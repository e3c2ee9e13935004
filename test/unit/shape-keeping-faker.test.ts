import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { ShapeKeepingFaker } from '../../src/capture/shape-keeping-faker';

const faker = new ShapeKeepingFaker(Buffer.from('unit-test-key'));
const fake = (value: unknown, key = '') => faker.fake(value, key);

describe('ShapeKeepingFaker', () => {
  it('keeps length, script and case of names, and never the original', () => {
    for (const name of ['Zoë Brunner', '田中 太郎', 'فاطمة الزهراني', 'Иван Петров', "Marcus O'Neil"]) {
      const faked = fake(name, 'name') as string;
      expect(faked).not.toBe(name);
      expect([...faked]).toHaveLength([...name].length);
      expect(faked.replace(/\p{L}/gu, 'L')).toBe(name.replace(/\p{L}/gu, 'L'));
      for (const script of ['Latin', 'Han', 'Arabic', 'Cyrillic'] as const) {
        const pattern = new RegExp(`\\p{Script=${script}}`, 'gu');
        expect(faked.match(pattern)?.length ?? 0).toBe(name.match(pattern)?.length ?? 0);
      }
    }
  });

  it('fakes the same value the same way (relations survive), another key differently', () => {
    expect(fake('jane.doe@acme-robotics.example', 'email')).toBe(
      fake('jane.doe@acme-robotics.example', 'email'),
    );
    const other = new ShapeKeepingFaker(Buffer.from('another-key'));
    expect(other.fake('jane.doe@acme-robotics.example', 'email')).not.toBe(
      fake('jane.doe@acme-robotics.example', 'email'),
    );
  });

  it('keeps an email’s shape, spaces and top-level domain', () => {
    const faked = fake(' Jane.Doe@Acme-Robotics.example', 'email') as string;
    expect(faked).toMatch(/^ [A-Z][a-z]{3}\.[A-Z][a-z]{2}@[A-Z][a-z]{3}-[A-Z][a-z]{7}\.example$/);
  });

  it('keeps an international phone’s format and country, valid', () => {
    for (const phone of ['+41 44 555 01 23', '+1 415-555-0132', '+49 30 5550 1234', '+81 3-5555-0124']) {
      const faked = fake(phone, 'phone') as string;
      expect(faked).not.toBe(phone);
      expect(faked.replace(/\d/g, '0')).toBe(phone.replace(/\d/g, '0'));
      const original = parsePhoneNumberFromString(phone)!;
      const parsed = parsePhoneNumberFromString(faked)!;
      expect(parsed.countryCallingCode).toBe(original.countryCallingCode);
      if (original.country) expect(parsed.country).toBe(original.country);
    }
  });

  it('keeps ids’ prefixes, amounts’ formats, vocabulary, and moves every date by one shift', () => {
    expect(fake('deal_seed01', 'id')).toMatch(/^deal_[a-z]{4}\d\d$/);
    expect(fake('12,500.00', 'amount')).toMatch(/^[1-9]\d,\d{3}\.\d\d$/);
    expect(fake({ currency: 'usd', stage: 'won', country: 'Schweiz', type: 'deal.won' })).toEqual({
      currency: 'usd',
      stage: 'won',
      country: 'Schweiz',
      type: 'deal.won',
    });
    const closeDate = fake('2026-11-30', 'closeDate') as string;
    const wonAt = fake('2026-11-26T14:00:00.000Z', 'wonAt') as string;
    expect(closeDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(wonAt).toMatch(/^\d{4}-\d{2}-\d{2}T14:00:00\.000Z$/);
    expect(Date.parse(closeDate) - Date.parse(wonAt.slice(0, 10))).toBe(4 * 86_400_000);
    const createdAt = fake(1738570500000, 'createdAt') as number;
    expect(1738570500000 - createdAt).toBe(Date.parse('2026-11-30') - Date.parse(closeDate));
    expect(fake(null, 'phone')).toBeNull();
    expect(fake(true, 'active')).toBe(true);
  });
});
