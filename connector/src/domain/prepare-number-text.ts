import { numberProblem } from './number-problem.js';
import type { NumberProblem } from './number-problem.js';
import { quoteInput } from './quote-input.js';

/** Longer input is refused before any parsing: no phone number, even with an extension and labels, comes near it. */
export const MAX_INPUT_LENGTH = 100;

/** Control characters (except tab, which is only spacing) and Unicode line/paragraph separators. */
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/u;

/**
 * Everything a written phone number may contain: digits of any script, letters (vanity numbers, extension labels such
 * as `x`, `ext.`, `доб.`), spacing and the punctuation libphonenumber reads as separators or extension marks.
 * `;ext=` is removed before this check; any other `;`, and `@ < > ? % : = " '` and the like, are not here.
 */
const ALLOWED = /^[\p{Nd}\p{L}\s+\-.()/[\]~#,\p{Pd}]$/u;

/** The cleaned-up text of a number, or why it is refused. */
export type PreparedNumberText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: NumberProblem };

/**
 * Cleans CRM text down to what libphonenumber should see, refusing anything that could smuggle SIP syntax.
 *
 * Why refuse instead of strip: a field like `4155552671@evil.com` or `+1415;transport=tcp` was not typed by someone
 * who wanted to dial 4155552671; dialling "the digits in it" would act on a hostile or broken value. So:
 * - MUST refuse input over {@link MAX_INPUT_LENGTH} characters without looking further (`TOO_LONG`);
 * - MUST refuse line breaks and control characters anywhere, even at the ends (`INVALID_CHARACTERS`);
 * - folds compatibility forms (full-width digits, non-breaking spaces) with NFKC, drops invisible format characters
 *   (bidi marks, zero-width spaces, BOM), trims, and removes one leading `tel:`;
 * - MUST refuse any character outside {@link ALLOWED}, checked after folding so that full-width `＠` counts as `@`,
 *   before anything else about the text is judged (so hostile input is always reported as `INVALID_CHARACTERS`);
 * - refuses text without a single digit (`NOT_A_PHONE_NUMBER`).
 */
export function prepareNumberText(raw: string): PreparedNumberText {
  if (raw.length > MAX_INPUT_LENGTH) {
    return refuse(
      'TOO_LONG',
      `The phone field holds ${raw.length} characters, far more than any phone number; check it in the CRM record.`,
    );
  }
  if (CONTROL.test(raw)) {
    return refuse(
      'INVALID_CHARACTERS',
      'The phone field contains a line break or another control character; retype the number in the CRM record.',
    );
  }
  const folded = raw.normalize('NFKC').replace(/\p{Cf}/gu, '').trim();
  const text = folded.replace(/^tel:/iu, '').trim();
  if (text === '') {
    return refuse('EMPTY', 'The phone number is empty; add a number to the CRM record.');
  }
  const quoted = quoteInput(raw);
  const stray = Array.from(text.replace(/;ext=/giu, '')).find((char) => !ALLOWED.test(char));
  if (stray !== undefined) {
    return refuse('INVALID_CHARACTERS', strayCharacterMessage(quoted, stray));
  }
  if (!/\p{Nd}/u.test(text)) {
    return refuse('NOT_A_PHONE_NUMBER', `${quoted} is not a phone number; enter a phone number in the CRM record.`);
  }
  return { ok: true, text };
}

const REMOVE_IT = 'remove it in the CRM record.';

function strayCharacterMessage(quoted: string, stray: string): string {
  if (stray === '@') {
    return `The number ${quoted} looks like a SIP or e-mail address; enter only the phone number in the CRM record.`;
  }
  if (/^[\x21-\x7E]$/.test(stray)) {
    const shown = stray === '"' ? `'"'` : `"${stray}"`;
    return `The number ${quoted} contains ${shown}, which does not belong in a phone number; ${REMOVE_IT}`;
  }
  return `The number ${quoted} contains a character that does not belong in a phone number; ${REMOVE_IT}`;
}

function refuse(code: NumberProblem['code'], message: string): PreparedNumberText {
  return { ok: false, problem: numberProblem(code, message) };
}
