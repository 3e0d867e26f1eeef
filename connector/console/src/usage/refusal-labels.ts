/**
 * What a refused dial's stable code means, in the words a contact-centre manager uses. The codes are the call
 * policy's (`connector/src/domain/call-policy.ts`) and the call limits' (`connector/src/services/call-limits.ts`).
 */
const REFUSAL_LABELS: Readonly<Record<string, string>> = Object.freeze({
  DO_NOT_CALL: 'Do Not Call on the record',
  COUNTRY_NOT_ALLOWED: 'Country not allowed',
  PREMIUM_RATE: 'Premium-rate number',
  SHARED_COST: 'Shared-cost number',
  CALLS_PER_DAY: 'Daily call limit reached',
  CALLS_PER_MINUTE: 'Per-minute call limit reached',
  CONCURRENT_CALLS: 'Too many calls at once',
});

/** The label of `code`; a code this console does not know yet is shown as it is, never hidden. */
export function refusalLabel(code: string): string {
  return Object.hasOwn(REFUSAL_LABELS, code) ? REFUSAL_LABELS[code]! : code;
}
