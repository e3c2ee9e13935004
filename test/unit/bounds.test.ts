import { describe, expect, it } from 'vitest';
import { andMore, boundJson, boundText, joinBounded } from '../../src/bounds/bounds';

describe('bounds', () => {
  it('says how many more, with a thousands separator', () => {
    expect(andMore(25_981)).toBe('… and 25,981 more');
    expect(andMore(7)).toBe('… and 7 more');
    expect(joinBounded(['a', 'b', 'c'], '; ', 2)).toBe('a; b; … and 1 more');
    expect(joinBounded(['a', 'b'], '; ', 2)).toBe('a; b');
  });

  it('cuts text without splitting a surrogate pair', () => {
    const text = `${'x'.repeat(9)}😀tail`;
    const cut = boundText(text, 10);
    expect(cut.startsWith('x'.repeat(9))).toBe(true);
    expect(cut).not.toContain('\ud83d…');
    expect(cut).toContain('more characters');
  });

  it('shrinks a 26,000-key object to about its budget, keeping its shape', () => {
    const huge: Record<string, unknown> = { deal: { id: 'deal_1', secret: 's' } };
    for (let index = 0; index < 26_000; index += 1) huge[`k${index}`] = index;
    const bounded = boundJson(huge, 2_000) as Record<string, unknown>;
    expect(JSON.stringify(bounded).length).toBeLessThan(2_500);
    expect(bounded.deal).toEqual({ id: 'deal_1', secret: 's' });
    expect(bounded['…']).toMatch(/^… and 25,\d{3} more fields$/);
    const small = { a: 1 };
    expect(boundJson(small, 2_000)).toBe(small);
  });
});
