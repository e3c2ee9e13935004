import countries from 'i18n-iso-countries';
import { describeValue } from './describe-value';
import { normalized, notNormalized, type NormalizationNote, type Normalized } from './normalized';
import { readText } from './text';

/**
 * Names people use for a country that i18n-iso-countries does not list. Kept deliberately tiny: the constituent
 * countries of the United Kingdom, Holland and two common abbreviations. Everything else comes from the library.
 */
const colloquialNames: Readonly<Record<string, string>> = {
  England: 'GB',
  Scotland: 'GB',
  Wales: 'GB',
  'Northern Ireland': 'GB',
  Britain: 'GB',
  Holland: 'NL',
  'Republic of Ireland': 'IE',
  KSA: 'SA',
};

/**
 * Country names that also commonly name something else, with that other reading. Kept to names seen in real
 * data or review; the general rule for foreign names is in {@link normalizeCountry}. Keys are lookup keys.
 */
const otherReadings: Readonly<Record<string, string>> = {
  georgia: 'also a US state',
  granada: 'also a city in Spain',
  man: 'also an English word (Isle of Man is IM)',
  salvador: 'also a city in Brazil (the country is El Salvador)',
  holland: 'also the name of two Dutch provinces',
};

/** Names that count as English: the library's English names and the colloquial ones above. */
const english = 'en';

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
  /**
   * Folded names in every locale the library ships → the alpha-2 codes they name (several = ambiguous), each
   * with the locales that use the name for it.
   */
  names: Map<string, Map<string, Set<string>>>;
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
  const names = new Map<string, Map<string, Set<string>>>();
  const addName = (name: string, alpha2: string, locale: string) => {
    const key = lookupKey(name);
    if (key === '') return;
    const countriesNamed = names.get(key) ?? new Map<string, Set<string>>();
    const locales = countriesNamed.get(alpha2) ?? new Set<string>();
    locales.add(locale);
    countriesNamed.set(alpha2, locales);
    names.set(key, countriesNamed);
  };
  for (const locale of countries.getSupportedLanguages()) {
    for (const [alpha2, localNames] of Object.entries(countries.getNames(locale, { select: 'all' }))) {
      for (const name of localNames) addName(name, alpha2, locale);
    }
  }
  for (const [name, alpha2] of Object.entries(colloquialNames)) addName(name, alpha2, english);
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
 * Which names are trusted, and how (a country is never guessed):
 * - A name that means different countries (`Congo`) or that no locale lists (`Atlantis`, `Europe`, `Korea`)
 *   fails with `unknown_country`.
 * - English names and the country's own-language name (its endonym: `Deutschland`, `España`, `日本`) are read
 *   silently. The country's own language is CLDR's likely language for the region (`und-DE` → `de`).
 * - A name known to have another common reading ({@link otherReadings}) is read with an
 *   `ambiguous_country_name` warning naming that reading when it is English (`Georgia` is GE, the country —
 *   this field holds countries — but it is also a US state), and refused as `unknown_country` when only a
 *   non-English locale lists it (`Granada` is Grenada only in Spanish; `Man`, `Salvador`): a foreign alias that
 *   is also a place or a word is too likely to be something else.
 * - Any other name found only in a third language (`Alemania` for DE) is read with a `foreign_country_name`
 *   warning: it is probably right, but neither English nor the country's own language, so worth a look.
 * `UK` is GB (the library lists it as an alias).
 */
export function normalizeCountry(raw: unknown): Normalized<string> {
  const text = readText(raw);
  if (!text.ok) return text;
  const key = lookupKey(text.value);
  const { codes, names } = countryIndex();
  const byCode = key.length <= 3 ? codes.get(key) : undefined;
  if (byCode) return normalized(byCode, text.notes);
  const byName = names.get(key);
  if (byName && byName.size > 1) {
    return notNormalized(
      'unknown_country',
      `${describeValue(text.value)} is ambiguous: it can mean ${[...byName.keys()].sort().join(' or ')}; send an ISO 3166-1 code`,
    );
  }
  const [match] = byName ?? [];
  if (!match) {
    return notNormalized(
      'unknown_country',
      `${describeValue(text.value)} is not a country name or ISO 3166-1 code`,
    );
  }
  const [alpha2, locales] = match;
  const isEnglish = locales.has(english);
  const otherReading = otherReadings[key];
  const sendCode = 'send an ISO 3166-1 code to be sure';
  if (otherReading !== undefined && !isEnglish) {
    return notNormalized(
      'unknown_country',
      `${describeValue(text.value)} names ${alpha2} only in ${languageList(locales)} and is ${otherReading}; ` +
        'send an ISO 3166-1 code or the English name',
    );
  }
  const notes: NormalizationNote[] = [...text.notes];
  if (otherReading !== undefined) {
    notes.push({
      code: 'ambiguous_country_name',
      reason: `${describeValue(text.value)} was read as the country ${alpha2}; it is ${otherReading}; ${sendCode}`,
    });
  } else if (!isEnglish && !locales.has(ownLanguageOf(alpha2))) {
    notes.push({
      code: 'foreign_country_name',
      reason:
        `${describeValue(text.value)} was read as ${alpha2} from its name in ${languageList(locales)}, ` +
        `neither English nor ${alpha2}'s own language; ${sendCode}`,
    });
  }
  return normalized(alpha2, notes);
}

/** CLDR's likely language of a region (`DE` → `de`, `GD` → `en`), or English when ICU does not know it. */
function ownLanguageOf(alpha2: string): string {
  try {
    return new Intl.Locale('und', { region: alpha2 }).maximize().language;
  } catch {
    return english;
  }
}

const languageNames = new Intl.DisplayNames('en', { type: 'language' });

/** `Spanish, Galician and Portuguese`, for a reason a person reads. */
function languageList(locales: ReadonlySet<string>): string {
  const names = [...locales].sort().map((locale) => {
    try {
      return languageNames.of(locale) ?? locale;
    } catch {
      return locale;
    }
  });
  const unique = [...new Set(names)];
  const shown = unique.length > 4 ? [...unique.slice(0, 3), `${unique.length - 3} more languages`] : unique;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}
