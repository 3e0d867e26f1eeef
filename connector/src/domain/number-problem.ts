/**
 * Why a phone number from the CRM cannot be dialled.
 *
 * Codes are stable (logs, metrics and the HTTP layer switch on them); messages are for the agent.
 * - `EMPTY`: nothing but whitespace, or no value at all.
 * - `TOO_LONG`: the field is far longer than any number, or the number has too many digits.
 * - `NOT_A_PHONE_NUMBER`: not shaped like a phone number at all (no digits, `++44`, an object...).
 * - `TOO_SHORT`: too few digits for the country.
 * - `INVALID_COUNTRY`: no country code and no region to assume, or an unknown country code.
 * - `INVALID_NUMBER`: shaped like a number but not one the country's numbering plan assigns.
 * - `INVALID_CHARACTERS`: holds characters a phone number never has (`@`, `<`, `;transport=`, line breaks...).
 *   Such input is refused rather than cleaned up, so nothing hostile is ever dialled by accident.
 * - `DIAL_PLAN_INVALID`: the tenant's dial plan cannot produce a safe SIP URI; only an administrator can fix it.
 */
export type NumberProblemCode =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'NOT_A_PHONE_NUMBER'
  | 'TOO_SHORT'
  | 'INVALID_COUNTRY'
  | 'INVALID_NUMBER'
  | 'INVALID_CHARACTERS'
  | 'DIAL_PLAN_INVALID';

/**
 * A refusal to dial, told to the agent.
 *
 * `message` is one sentence that says what is wrong and what to fix. It MUST NOT repeat more than about 40 characters
 * of the input and MUST NOT contain control characters (see `quoteInput`).
 */
export interface NumberProblem {
  readonly code: NumberProblemCode;
  readonly message: string;
}

/** Builds a frozen {@link NumberProblem}; the only way this folder creates one. */
export function numberProblem(code: NumberProblemCode, message: string): NumberProblem {
  return Object.freeze({ code, message });
}
