import { numberProblem } from './number-problem.js';
import type { NumberProblem } from './number-problem.js';

/** The text of a number, or why the value cannot be one. */
export type NumberInput =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: NumberProblem };

/**
 * Turns whatever a CRM field or request held into text to parse.
 *
 * Strings pass through untouched. Whole non-negative numbers (a CRM number field, JSON without quotes) become their
 * digits; anything else that is not a string is refused. MUST NOT throw and MUST NOT call the value's own `toString`
 * (an object from a request could make that throw or lie).
 */
export function readNumberInput(input: unknown): NumberInput {
  if (typeof input === 'string') {
    return { ok: true, text: input };
  }
  if (input === null || input === undefined) {
    return {
      ok: false,
      problem: numberProblem('EMPTY', 'There is no phone number to call; add one to the CRM record.'),
    };
  }
  if (typeof input === 'number' && Number.isSafeInteger(input) && input >= 0) {
    return { ok: true, text: input.toFixed(0) };
  }
  if (typeof input === 'bigint' && input >= 0n) {
    return { ok: true, text: input.toString(10) };
  }
  return {
    ok: false,
    problem: numberProblem(
      'NOT_A_PHONE_NUMBER',
      'The phone field does not hold a phone number written as text; check the field in the CRM record.',
    ),
  };
}
