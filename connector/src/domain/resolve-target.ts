import { parseDigits } from 'libphonenumber-js/max';
import type { PhoneNumber } from 'libphonenumber-js';
import { internalSipUri, pstnSipUri } from './build-sip-uri.js';
import type { DialPlan } from './dial-plan.js';
import { findDialPlanFault } from './dial-plan-fault.js';
import { numberProblem } from './number-problem.js';
import type { NumberProblem } from './number-problem.js';
import { parsePstnNumber } from './parse-pstn-number.js';
import { pickRegion } from './pick-region.js';
import { prepareNumberText } from './prepare-number-text.js';
import { quoteInput } from './quote-input.js';
import { readNumberInput } from './read-number-input.js';
import type { SipTarget } from './sip-target.js';

/** Where to dial, or why not. */
export type ResolveResult =
  | { readonly ok: true; readonly target: SipTarget }
  | { readonly ok: false; readonly problem: NumberProblem };

/**
 * Turns a number from a CRM record into the SIP target to dial.
 *
 * `input` is whatever a CRM field or request held: this MUST accept any value (null, numbers, objects, 200-character
 * strings, emoji) and MUST NOT throw. `options.region` is the record's country (ISO alpha-2, any case); it replaces
 * `plan.defaultRegion` for numbers written without a country code, and is ignored when it is not a known region.
 *
 * Promises for every `ok` result: the URI's user part is `+`/digits only and its host is `plan.sipDomain`; `extension`
 * is null or ASCII digits; a PSTN target is a number libphonenumber calls valid. Text that could carry SIP syntax
 * (`@`, `<`, `>`, `?`, `%`, `:`, `;` other than `;ext=`, line breaks) is refused, never cleaned up and dialled.
 *
 * Digits-only input whose length is within `plan.internalExtensionLength` is always an internal extension, even if
 * it could also be read as a short national number: the tenant chose that range for its PBX.
 */
export function resolveTarget(
  input: unknown,
  plan: DialPlan,
  options?: { readonly region?: string | null },
): ResolveResult {
  try {
    return resolve(input, plan, options?.region);
  } catch {
    const message = 'The phone number could not be read; check it in the CRM record.';
    return refuse(numberProblem('NOT_A_PHONE_NUMBER', message));
  }
}

function resolve(input: unknown, plan: DialPlan, recordRegion: unknown): ResolveResult {
  const fault = findDialPlanFault(plan);
  if (fault !== null) {
    return refuse(
      numberProblem(
        'DIAL_PLAN_INVALID',
        `Calls cannot be placed because the phone system's dial plan is misconfigured (${fault}); ` +
          'ask your administrator to fix it.',
      ),
    );
  }
  const read = readNumberInput(input);
  if (!read.ok) {
    return refuse(read.problem);
  }
  const prepared = prepareNumberText(read.text);
  if (!prepared.ok) {
    return refuse(prepared.problem);
  }
  const extension = internalExtension(prepared.text, plan);
  if (extension !== null) {
    return accept({
      kind: 'internal',
      e164: null,
      sipUri: internalSipUri(extension, plan),
      extension: null,
      display: extension,
      country: null,
      numberType: null,
    });
  }
  const quoted = quoteInput(read.text);
  const parsed = parsePstnNumber(prepared.text, pickRegion(recordRegion, plan.defaultRegion), quoted);
  if (!parsed.ok) {
    return refuse(parsed.problem);
  }
  return pstnTarget(parsed.phone, plan, quoted);
}

function internalExtension(text: string, plan: DialPlan): string | null {
  if (!/^\p{Nd}+$/u.test(text)) {
    return null;
  }
  const digits = parseDigits(text);
  const { min, max } = plan.internalExtensionLength;
  const fits = digits.length === text.length && digits.length >= min && digits.length <= max;
  return fits && /^[0-9]+$/.test(digits) ? digits : null;
}

function pstnTarget(phone: PhoneNumber, plan: DialPlan, quoted: string): ResolveResult {
  const extension = phone.ext === undefined || phone.ext === '' ? null : parseDigits(phone.ext);
  if (!/^\+[0-9]+$/.test(phone.number) || (extension !== null && !/^[0-9]+$/.test(extension))) {
    const message = `The number ${quoted} could not be read reliably; check it in the CRM record.`;
    return refuse(numberProblem('INVALID_NUMBER', message));
  }
  return accept({
    kind: 'pstn',
    e164: phone.number,
    sipUri: pstnSipUri(phone.number, plan),
    extension,
    display: phone.format('INTERNATIONAL', { formatExtension: (formatted) => formatted }),
    country: phone.country ?? null,
    numberType: phone.getType() ?? null,
  });
}

function accept(target: SipTarget): ResolveResult {
  return { ok: true, target: Object.freeze(target) };
}

function refuse(problem: NumberProblem): ResolveResult {
  return { ok: false, problem };
}
