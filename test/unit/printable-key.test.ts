import { describe, expect, it } from 'vitest';
import { printableKey } from '../../src/keys/printable-key';

const valid = /^[\x21-\x7e]{1,255}$/;

describe('printableKey', () => {
  it('keeps a key that is already 1–255 visible ASCII, so keys sent before stay the same', () => {
    const key = 'client-onboarding:crm:deal_1:projects:msg_2abc:r1';
    expect(printableKey(key)).toBe(key);
    expect(printableKey('x'.repeat(255))).toBe('x'.repeat(255));
  });

  it.each([
    ['a space', 'wf:projects:msg with space'],
    ['a tab', 'wf:projects:msg\twith\ttab'],
    ['non-ASCII', 'wf:projects:msg_événement_東京'],
    ['256 characters', 'y'.repeat(256)],
    ['1,000 characters', `wf:projects:${'z'.repeat(1000)}`],
    ['nothing', ''],
  ])('turns a key with %s into a valid, stable one', (_label, key) => {
    const printable = printableKey(key);
    expect(printable).toMatch(valid);
    expect(printableKey(key)).toBe(printable);
    expect(printable.startsWith(key.slice(0, 10).replace(/[^\x21-\x7e]/g, '_'))).toBe(true);
  });

  it('keeps different keys different, even when their readable prefixes agree', () => {
    const first = `wf:projects:${'a'.repeat(300)}1`;
    const second = `wf:projects:${'a'.repeat(300)}2`;
    expect(printableKey(first)).not.toBe(printableKey(second));
    expect(printableKey('msg a')).not.toBe(printableKey('msg\ta'));
    expect(printableKey('msg a')).not.toBe(printableKey('msg_a'));
  });

  it('honours a smaller bound', () => {
    expect(printableKey('x'.repeat(300), 100)).toHaveLength(100);
  });
});
