import { ParseError, parsePhoneNumberWithError, validatePhoneNumberLength } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js';
import { describeRegion } from './describe-region.js';
import { numberProblem } from './number-problem.js';
import type { NumberProblem } from './number-problem.js';
import { vanityToDigits } from './vanity-number.js';

/** A number libphonenumber declared valid, or why it is not one. */
export type ParsedPstnNumber =
  | { readonly ok: true; readonly phone: PhoneNumber }
  | { readonly ok: false; readonly problem: NumberProblem };

type Attempt = { readonly phone: PhoneNumber } | { readonly error: string };

/**
 * Reads prepared number text with libphonenumber's full metadata and keeps it only if it is valid, not just possible.
 *
 * The whole text MUST be the number (`extract: false`): `call 415 555 2671 or 2672` is refused, not half-dialled.
 * Extensions (`x204`, `ext. 12`, `#12`, `;ext=12`, `,,204`), IDD prefixes of the region (`00`, `011`), trunk
 * prefixes and `(0)` are libphonenumber's to read. Vanity letters are spelled out only when the text as written
 * fails; letters that spell no valid number are refused as NOT_A_PHONE_NUMBER. `quoted` is the input as messages may
 * show it.
 */
export function parsePstnNumber(text: string, region: CountryCode, quoted: string): ParsedPstnNumber {
  const plain = attempt(text, region);
  if ('phone' in plain && plain.phone.isValid()) {
    return { ok: true, phone: plain.phone };
  }
  const vanityText = vanityToDigits(text);
  const vanity = vanityText === null ? null : attempt(vanityText, region);
  if (vanity !== null && 'phone' in vanity && vanity.phone.isValid()) {
    return { ok: true, phone: vanity.phone };
  }
  if (vanity !== null && 'error' in plain) {
    return {
      ok: false,
      problem: numberProblem(
        'NOT_A_PHONE_NUMBER',
        `The number ${quoted} has letters that do not spell a valid phone number; ` +
          'keep only the number (and an extension such as x204) in the CRM record.',
      ),
    };
  }
  return { ok: false, problem: describeFailure(plain, quoted, text.startsWith('+')) };
}

function attempt(text: string, region: CountryCode): Attempt {
  try {
    return { phone: parsePhoneNumberWithError(text, { defaultCountry: region, extract: false }) };
  } catch (error) {
    return { error: error instanceof ParseError ? error.message : 'NOT_A_NUMBER' };
  }
}

function describeFailure(failed: Attempt, quoted: string, international: boolean): NumberProblem {
  const reason = 'phone' in failed ? (validatePhoneNumberLength(failed.phone.number) ?? 'INVALID') : failed.error;
  const number = `The number ${quoted}`;
  const checkIt = 'check it in the CRM record.';
  switch (reason) {
    case 'TOO_SHORT':
      return numberProblem('TOO_SHORT', `${number} is too short to be a phone number; ${checkIt}`);
    case 'TOO_LONG':
      return numberProblem('TOO_LONG', `${number} has too many digits to be a phone number; ${checkIt}`);
    case 'INVALID_COUNTRY':
      return numberProblem(
        'INVALID_COUNTRY',
        `${number} does not start with a known country code; check the country code in the CRM record.`,
      );
    case 'NOT_A_NUMBER':
      return numberProblem('NOT_A_PHONE_NUMBER', `${quoted} is not written like a phone number; ${checkIt}`);
    default:
      return numberProblem('INVALID_NUMBER', invalidNumberMessage(failed, quoted, international));
  }
}

function invalidNumberMessage(failed: Attempt, quoted: string, international: boolean): string {
  const phone = 'phone' in failed ? failed.phone : undefined;
  const where =
    phone?.country !== undefined
      ? `${describeRegion(phone.country)} phone number`
      : phone !== undefined
        ? `phone number for country code +${phone.countryCallingCode}`
        : 'phone number';
  const advice = international
    ? 'check the digits in the CRM record'
    : 'check the digits, or write it with + and the country code if it is from another country';
  return `The number ${quoted} is not a valid ${where}; ${advice}.`;
}
