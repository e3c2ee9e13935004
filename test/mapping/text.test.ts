import { describe, expect, it } from 'vitest';
import { cleanText, readText } from '../../src/mapping/normalize/text';
import { shortenText } from '../../src/mapping/shorten-text';

describe('cleanText', () => {
  it('applies NFC, so composed and decomposed accents compare equal', () => {
    expect(cleanText('Cafe\u0301').text).toBe('Café');
    expect(cleanText('Cafe\u0301').text).toBe(cleanText('Caf\u00e9').text);
  });

  it('removes zero-width, BOM and bidi-override characters, and says so', () => {
    expect(cleanText('\ufeffAc\u200bme\u202e Corp\u2066')).toEqual({
      text: 'Acme Corp',
      removedInvisible: true,
    });
  });

  it('turns line breaks and tabs into single spaces and trims, without reporting that as a change', () => {
    expect(cleanText('  Acme\n\tCorp\u00a0 Ltd ')).toEqual({
      text: 'Acme Corp Ltd',
      removedInvisible: false,
    });
  });

  it('keeps joiners inside emoji sequences and drops stray ones', () => {
    expect(cleanText('👩\u200d💻').text).toBe('👩\u200d💻');
    expect(cleanText('\u200dAcme \u200d').text).toBe('Acme');
  });

  it('removes lone surrogates but keeps pairs', () => {
    expect(cleanText('a\ud800b😀').text).toBe('ab😀');
  });

  it('keeps right-to-left text as written', () => {
    expect(cleanText('חברת הדוגמה בע״מ').text).toBe('חברת הדוגמה בע״מ');
  });
});

describe('readText', () => {
  it('does not coerce other JSON types to text', () => {
    expect(readText(12345)).toMatchObject({ ok: false, code: 'wrong_type' });
    expect(readText(['a'])).toMatchObject({ ok: false, code: 'wrong_type' });
  });

  it('treats text that is only invisible characters as empty', () => {
    expect(readText('\u200b \u200b')).toMatchObject({ ok: false, code: 'empty' });
  });
});

describe('shortenText', () => {
  it('leaves text within the limit unchanged', () => {
    expect(shortenText('Acme Inc.', 60)).toBe('Acme Inc.');
  });

  it('cuts at a word boundary and marks the cut', () => {
    const name = 'The International Consolidated Widget Manufacturing and Distribution Company';
    const short = shortenText(name, 60);
    expect(short).toBe('The International Consolidated Widget Manufacturing and…');
    expect(short.length).toBeLessThanOrEqual(60);
  });

  it('never splits a surrogate pair or an emoji sequence', () => {
    const short = shortenText('👩\u200d💻'.repeat(30), 60);
    expect(short.length).toBeLessThanOrEqual(60);
    expect(short.replace(/👩\u200d💻/g, '')).toBe('…');
  });

  it('shortens megabyte-sized values quickly', () => {
    const started = performance.now();
    expect(shortenText('x'.repeat(5_000_000), 120)).toHaveLength(120);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
