/** The writing system a text is mostly in, by letter count: `Latin`, `Cyrillic`, `Han`, … or `none`. */
export function dominantScript(text: string): string {
  const counts = new Map<string, number>();
  for (const character of text) {
    const script = scriptOf(character);
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let best = 'none';
  let bestCount = 0;
  for (const [script, count] of counts) {
    if (count > bestCount) [best, bestCount] = [script, count];
  }
  return best;
}

const scripts: readonly [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  // Japanese names mix Han and kana in any proportion: one script for the baseline.
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
];

function scriptOf(character: string): string | undefined {
  if (!/\p{L}/u.test(character)) return undefined;
  for (const [name, pattern] of scripts) if (pattern.test(character)) return name;
  return 'other';
}

/** Legal forms dropped before comparing company names: "Acme Robotics GmbH" and "ACME Robotics" are one. */
const legalForms = new Set([
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'se',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'as',
  'asa',
  'oy',
  'oyj',
  'aps',
  'sl',
  'slu',
  'kft',
  'doo',
  'ooo',
  'pvt',
  'ltda',
  'sac',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'pty',
  'pte',
  'kk',
  'sp',
  'zoo',
  'sro',
  'the',
  'and',
]);

/**
 * A company name reduced to what identifies it: lower case, accents, punctuation and legal forms removed,
 * words in order. Undefined when nothing identifying is left.
 */
export function normalizedCompanyName(name: string): string | undefined {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\./g, '') // S.L. and B.V. are the legal forms sl and bv
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !legalForms.has(word));
  return words.length === 0 ? undefined : words.join(' ');
}

/** A web domain without scheme, `www.` and trailing dot, lower case; undefined when empty. */
export function normalizedDomain(domain: string): string | undefined {
  const host = domain
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return host === '' ? undefined : host;
}
