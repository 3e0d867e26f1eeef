/** One field the console will not send as it stands: the input's `name`, its label, and what to fix. */
export interface FieldIssue {
  readonly field: string;
  readonly label: string;
  readonly message: string;
}

/**
 * A form refused in the browser, before any request: the fields to fix. The refusal box shows it like the API's own
 * refusals, marking each field and saying next to it what is wrong.
 */
export class FormProblem extends Error {
  override readonly name = 'FormProblem';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.length === 1 ? `${issues[0]!.label}: ${lowerFirst(issues[0]!.message)}` : 'Some fields need fixing; each is marked below with what to change.');
  }
}

/**
 * The whole number typed in a number input; null when it is empty and `optional`. Junk (which a number input reports
 * as an empty value, with `validity.badInput`), a fraction, or a number out of range is pushed to `issues` instead,
 * so a typo is never sent as "no limit".
 */
export function wholeNumberOf(
  input: HTMLInputElement,
  label: string,
  rule: { readonly min: number; readonly max?: number; readonly optional: boolean },
  issues: FieldIssue[],
): number | null {
  const range = rule.max === undefined ? `of ${rule.min} or more` : `from ${rule.min.toLocaleString()} to ${rule.max.toLocaleString()}`;
  const wanted = `enter a whole number ${range}${rule.optional ? ', or leave it empty' : ''}.`;
  const text = input.value.trim();
  if (text === '' && !input.validity.badInput) {
    if (rule.optional) return null;
    issues.push({ field: input.name, label, message: capitalise(wanted) });
    return null;
  }
  const value = Number(text);
  if (input.validity.badInput || !Number.isInteger(value) || value < rule.min || (rule.max !== undefined && value > rule.max)) {
    issues.push({ field: input.name, label, message: capitalise(wanted) });
    return null;
  }
  return value;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
