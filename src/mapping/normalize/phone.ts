import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describeValue } from './describe-value';
import { normalized, notNormalized, type NormalizationNote, type Normalized } from './normalized';
import { readText } from './text';

/** Longer input is not a phone number, and libphonenumber refuses it anyway; fail fast with a clear reason. */
const maxPhoneInputLength = 64;

/**
 * An extension at the end of a number (`ext. 12`, `x12`, `#12`, RFC 3966 `;ext=12`): the only letters a phone
 * number may carry. libphonenumber reads these itself; they are removed only to look for other letters.
 */
const trailingExtension = /(?:;\s*ext=|ext(?:ension)?\.?|x|#)\s*\d{1,10}\s*$/iu;

/** Options for {@link normalizePhone}. */
export interface PhoneOptions {
  /**
   * ISO 3166-1 alpha-2 region used to read national numbers (`(415) 555-0100`). Numbers written with a `+`
   * country code ignore it.
   * @default undefined: national numbers fail with `invalid_phone`
   */
  defaultRegion?: string;
}

/**
 * Normalizes a phone number to E.164 (`+14155550100`) with libphonenumber-js's full metadata, which checks the
 * number against each region's numbering plan rather than only its length. An extension cannot be expressed in
 * E.164: it is dropped with a note.
 *
 * The whole input must be the number: libphonenumber finds a number inside any text, so letters other than an
 * extension marker (`call +1 415 555 0100 tomorrow`) fail with `invalid_phone` rather than a number picked out
 * of a sentence. The field's policy then decides between a warning and a rejection.
 */
export function normalizePhone(raw: unknown, options: PhoneOptions = {}): Normalized<string> {
  const text = readText(raw);
  if (!text.ok) return text;
  if (text.value.length > maxPhoneInputLength) {
    return notNormalized(
      'invalid_phone',
      `is ${text.value.length} characters, too long to be a phone number`,
    );
  }
  if (/\p{L}/u.test(text.value.replace(trailingExtension, ''))) {
    return notNormalized(
      'invalid_phone',
      `${describeValue(text.value)} contains text besides a phone number; send only the number (and extension)`,
    );
  }
  const phone = parsePhoneNumberFromString(text.value, {
    defaultCountry: options.defaultRegion as CountryCode | undefined,
  });
  if (!phone || !phone.isValid()) {
    const region = options.defaultRegion
      ? ` (national numbers read as ${options.defaultRegion})`
      : '; with no known country, only numbers starting with + and a country code can be read';
    return notNormalized(
      'invalid_phone',
      `${describeValue(text.value)} is not a valid phone number${region}`,
    );
  }
  const notes: NormalizationNote[] = [...text.notes];
  if (phone.ext) {
    notes.push({
      code: 'phone_extension_dropped',
      reason: `extension ${phone.ext} dropped: E.164 has no extensions`,
    });
  }
  return normalized(phone.number, notes);
}
