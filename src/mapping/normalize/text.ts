import { describeValue } from './describe-value';
import { normalized, notNormalized, type NormalizationNote, type Normalized } from './normalized';

/**
 * Characters removed from every text value:
 * - C0/C1 control characters other than whitespace (tabs and line breaks become spaces instead),
 * - format characters (zero-width space, word joiner, BOM, soft hyphen, bidirectional embeddings, overrides
 *   and isolates, which can make a name display differently from what it contains),
 * - lone UTF-16 surrogates, which are not characters at all and which JSON encoders of vendors reject.
 * Zero-width joiner and non-joiner are kept between two visible characters: there they are part of emoji
 * sequences and of Persian or Indic spelling; anywhere else they are removed like other invisible characters.
 */
const invisibleCharacters =
  /[\p{Cc}\p{Cf}]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;
const whitespaceControl = /[\t\n\v\f\r\u0085]/g;
const whitespaceRun = /\s+/g;
const joiners = new Set(['\u200c', '\u200d']);

/** Outcome of cleaning one text value, before any emptiness check. */
export interface CleanedText {
  text: string;
  /** True when invisible characters (see above) were removed: a change the record's warnings must report. */
  removedInvisible: boolean;
}

/**
 * Cleans free text the way every text field of the canonical schema requires: Unicode NFC, invisible and
 * control characters removed, whitespace runs collapsed to one space, trimmed.
 */
export function cleanText(raw: string): CleanedText {
  let removedInvisible = false;
  const withoutControlWhitespace = raw.replace(whitespaceControl, ' ');
  const stripped = withoutControlWhitespace.replace(
    invisibleCharacters,
    (char, offset: number, whole: string) => {
      if (joiners.has(char) && isVisible(whole, offset - 1) && isVisible(whole, offset + 1)) return char;
      removedInvisible = true;
      return '';
    },
  );
  const text = stripped.normalize('NFC').replace(whitespaceRun, ' ').trim();
  return { text, removedInvisible };
}

function isVisible(text: string, index: number): boolean {
  const char = text[index];
  return char !== undefined && !/[\s\p{Cc}\p{Cf}]/u.test(char);
}

/** Note attached when {@link cleanText} removed invisible characters. */
export const invisibleCharactersRemoved: NormalizationNote = {
  code: 'invisible_characters_removed',
  reason: 'control, zero-width or bidirectional-override characters were removed',
};

/**
 * Reads a raw source value as text: it must be a JSON string that is not blank once cleaned. Fails with
 * `wrong_type` (not a string) or `empty` (nothing left after cleaning; the engine treats that as missing).
 */
export function readText(raw: unknown): Normalized<string> {
  if (typeof raw !== 'string') return notNormalized('wrong_type', `expected text, got ${describeValue(raw)}`);
  const { text, removedInvisible } = cleanText(raw);
  if (text === '')
    return notNormalized('empty', 'is empty once whitespace and invisible characters are removed');
  return normalized(text, removedInvisible ? [invisibleCharactersRemoved] : []);
}
