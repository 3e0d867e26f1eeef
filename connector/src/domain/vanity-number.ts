/** Telephone keypad letters (ITU-T E.161), as Google's libphonenumber maps them. */
const KEYPAD: Readonly<Record<string, string>> = {
  A: '2', B: '2', C: '2',
  D: '3', E: '3', F: '3',
  G: '4', H: '4', I: '4',
  J: '5', K: '5', L: '5',
  M: '6', N: '6', O: '6',
  P: '7', Q: '7', R: '7', S: '7',
  T: '8', U: '8', V: '8',
  W: '9', X: '9', Y: '9', Z: '9',
};

/** A word that marks an extension when only digits follow it (`x204`, `ext. 12`, `;ext=5`). */
const EXTENSION_LABEL = /^(?:x|ext|extn|extension)$/i;
const EXTENSION_DIGITS = /^[.=]?\s*\p{Nd}+$/u;

/** Google's libphonenumber treats a number as vanity only from three letters on; fewer are labels or typos. */
const MIN_VANITY_LETTERS = 3;

/**
 * Spells a vanity number in digits: `1-800-FLOWERS` -> `1-800-3569377`,
 * `+1 (800) GOT-JUNK x5` -> `+1 (800) 468-5865 x5`.
 *
 * Why here: libphonenumber-js (unlike Google's Java library) does not convert letters, it fails with NOT_A_NUMBER.
 * An extension label followed only by digits is kept, so libphonenumber still finds the extension. Returns null when
 * there are fewer than three letters to convert: the text is then not a vanity number and MUST be parsed as it is.
 * The result is only a candidate; the caller MUST still have libphonenumber validate it.
 */
export function vanityToDigits(text: string): string | null {
  let converted = 0;
  const digits = text.replace(/[A-Za-z]+/g, (word: string, offset: number) => {
    const rest = text.slice(offset + word.length).trim();
    if (EXTENSION_LABEL.test(word) && EXTENSION_DIGITS.test(rest)) {
      return word;
    }
    converted += word.length;
    return Array.from(word.toUpperCase(), (letter) => KEYPAD[letter] ?? letter).join('');
  });
  return converted >= MIN_VANITY_LETTERS ? digits : null;
}
