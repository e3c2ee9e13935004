import countries from 'i18n-iso-countries';
import { describeValue } from './describe-value';
import { normalized, notNormalized, type Normalized } from './normalized';
import { readText } from './text';

/**
 * Names people use for a country that i18n-iso-countries does not list. Kept deliberately tiny: the constituent
 * countries of the United Kingdom and two common abbreviations. Everything else comes from the library.
 */
const colloquialNames: Readonly<Record<string, string>> = {
  England: 'GB',
  Scotland: 'GB',
  Wales: 'GB',
  'Northern Ireland': 'GB',
  Britain: 'GB',
  'Republic of Ireland': 'IE',
  KSA: 'SA',
};

/**
 * Folds a name for lookup: case, Latin diacritics (`España` = `Espana`), `ß` and all punctuation, spaces and
 * symbols are ignored, so `U.S.`, `u.s` and `US` meet. Only the Combining Diacritical Marks block is removed:
 * vowel signs of other scripts are marks too and carry meaning.
 */
function lookupKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[\p{P}\p{Z}\p{S}]+/gu, '');
}

interface CountryIndex {
  /** Folded ISO 3166-1 alpha-2 and alpha-3 codes → alpha-2. Codes win over names. */
  codes: Map<string, string>;
  /** Folded names in every locale the library ships → the alpha-2 codes they name (several = ambiguous). */
  names: Map<string, Set<string>>;
}

let index: CountryIndex | undefined;

/**
 * Built once, on first use, from every locale i18n-iso-countries registers (its Node entry registers all of
 * them: official names, short names and aliases such as "USA", "U.S.", "UK", "Deutschland", "España", "中国").
 */
function countryIndex(): CountryIndex {
  if (index) return index;
  const codes = new Map<string, string>();
  for (const [alpha2, alpha3] of Object.entries(countries.getAlpha2Codes())) {
    codes.set(lookupKey(alpha2), alpha2);
    codes.set(lookupKey(alpha3), alpha2);
  }
  const names = new Map<string, Set<string>>();
  const addName = (name: string, alpha2: string) => {
    const key = lookupKey(name);
    if (key === '') return;
    const known = names.get(key) ?? new Set<string>();
    known.add(alpha2);
    names.set(key, known);
  };
  for (const locale of countries.getSupportedLanguages()) {
    for (const [alpha2, localNames] of Object.entries(countries.getNames(locale, { select: 'all' }))) {
      for (const name of localNames) addName(name, alpha2);
    }
  }
  for (const [name, alpha2] of Object.entries(colloquialNames)) addName(name, alpha2);
  index = { codes, names };
  return index;
}

/**
 * Normalizes a country to its ISO 3166-1 alpha-2 code (uppercase).
 *
 * Accepted: alpha-2 and alpha-3 codes in any case (`us`, `DEU`), and country names or aliases in any language
 * the library knows, ignoring case, accents and punctuation (`United States`, `U.S.`, `Deutschland`, `España`).
 * A two- or three-letter input is read as a code first: `CA` is Canada, never California.
 *
 * Decisions: `Georgia` is the country (GE) — this field holds countries, and US states are not countries.
 * `UK` is GB (the library lists it as an alias). A name that means different countries (`Congo`) or that no
 * locale lists (`Atlantis`, `Europe`, `Korea`) fails with `unknown_country`: a country is never guessed.
 */
export function normalizeCountry(raw: unknown): Normalized<string> {
  const text = readText(raw);
  if (!text.ok) return text;
  const key = lookupKey(text.value);
  const { codes, names } = countryIndex();
  const byCode = key.length <= 3 ? codes.get(key) : undefined;
  if (byCode) return normalized(byCode, text.notes);
  const byName = names.get(key);
  if (byName?.size === 1) return normalized([...byName][0] as string, text.notes);
  if (byName && byName.size > 1) {
    return notNormalized(
      'unknown_country',
      `${describeValue(text.value)} is ambiguous: it can mean ${[...byName].sort().join(' or ')}; send an ISO 3166-1 code`,
    );
  }
  return notNormalized(
    'unknown_country',
    `${describeValue(text.value)} is not a country name or ISO 3166-1 code`,
  );
}
