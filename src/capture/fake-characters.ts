/**
 * Letter ranges by script and case: a faked letter is drawn from the range its original belongs to, so a name
 * keeps its script (Cyrillic stays Cyrillic, kanji stays kanji) and its capitalisation. Ranges hold assigned
 * letters only.
 */
const scriptRanges: [from: number, to: number][] = [
  [0x41, 0x5a], // Latin capitals
  [0x61, 0x7a], // Latin small
  [0x391, 0x3a1], // Greek capitals (Α–Ρ; U+03A2 is unassigned)
  [0x3a3, 0x3a9], // Greek capitals (Σ–Ω)
  [0x3b1, 0x3c9], // Greek small
  [0x410, 0x42f], // Cyrillic capitals
  [0x430, 0x44f], // Cyrillic small
  [0x5d0, 0x5ea], // Hebrew
  [0x627, 0x63a], // Arabic (alef–ghain)
  [0x641, 0x64a], // Arabic (feh–yeh; U+0640 is the tatweel, not a letter)
  [0x915, 0x939], // Devanagari consonants
  [0xe01, 0xe2e], // Thai consonants
  [0x3041, 0x3096], // Hiragana
  [0x30a1, 0x30fa], // Katakana
  [0x4e00, 0x9fff], // CJK ideographs
  [0xac00, 0xd7a3], // Hangul syllables
];

/** Latin letters with diacritics (À–ž) fake to plain Latin letters of the same case. */
function latinCase(codePoint: number): [number, number] | undefined {
  if (codePoint < 0xc0 || codePoint > 0x24f || codePoint === 0xd7 || codePoint === 0xf7) return undefined;
  const character = String.fromCodePoint(codePoint);
  return character === character.toUpperCase() && character !== character.toLowerCase()
    ? [0x41, 0x5a]
    : [0x61, 0x7a];
}

function rangeOf(codePoint: number): [number, number] | undefined {
  return scriptRanges.find(([from, to]) => codePoint >= from && codePoint <= to) ?? latinCase(codePoint);
}

/**
 * Replaces every letter by one of its script and case and every digit by a digit (a run's first digit stays
 * non-zero when it was), keeping spaces, punctuation, symbols and emoji: the same length in code points, the
 * same format (`12,500.00` → `47,913.26`). `nextByte` supplies the deterministic choices.
 */
export function fakeCharacters(text: string, nextByte: () => number): string {
  let previousWasDigit = false;
  let result = '';
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (codePoint >= 0x30 && codePoint <= 0x39) {
      const keepNonZero = !previousWasDigit && codePoint !== 0x30;
      const choice = (nextByte() << 8) | nextByte();
      result += String(keepNonZero ? 1 + (choice % 9) : choice % 10);
      previousWasDigit = true;
      continue;
    }
    previousWasDigit = false;
    const range = rangeOf(codePoint);
    if (!range) {
      result += character;
      continue;
    }
    const choice = (nextByte() << 16) | (nextByte() << 8) | nextByte();
    result += String.fromCodePoint(range[0] + (choice % (range[1] - range[0] + 1)));
  }
  return result;
}
