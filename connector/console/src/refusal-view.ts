import { ApiError } from './console-context.js';
import { ApiRefusal } from './console-api.js';
import { h, replaceChildren, uniqueId } from './dom.js';
import { FormProblem } from './form-problem.js';

/** One problem a VALIDATION_FAILED lists: `body.sip.password`, and what it must be. */
interface Issue {
  readonly field: string;
  readonly message: string;
}

/** The message to show for any error: the API's own for a refusal, the form's for a form refused here, a plain one otherwise. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof FormProblem) return error.message;
  return error instanceof Error ? `Something went wrong in the console: ${error.message}` : 'Something went wrong in the console.';
}

function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof ApiRefusal) || !Array.isArray(error.details.issues)) return [];
  return (error.details.issues as unknown[]).filter(
    (i): i is Issue => !!i && typeof (i as Issue).field === 'string' && typeof (i as Issue).message === 'string',
  );
}

function reasonsOf(error: unknown): string[] {
  if (!(error instanceof ApiRefusal) || !Array.isArray(error.details.reasons)) return [];
  return (error.details.reasons as unknown[]).filter((r): r is string => typeof r === 'string');
}

/**
 * The box beside a form that says why it was refused, by the connector or by the console before sending: the
 * message, then each problem listed (every invalid field; every reason a SIP password is weak). It is an ARIA alert,
 * so it is read out when filled. `show` also marks the inputs the problems name (`aria-invalid`) and says next to
 * each what is wrong (tied by `aria-describedby`); `fieldOf` maps an API field path such as `body.sip.password` to
 * the input's `name`. A weak SIP password marks the input with `data-sip-password`.
 */
export class RefusalView {
  readonly root = h('div', { class: 'refusal', attrs: { role: 'alert' } });

  constructor(
    private readonly form: HTMLElement,
    private readonly fieldOf: (apiField: string) => string = (apiField) => apiField.replace(/^(body|query|params)\./, ''),
  ) {
    this.root.hidden = true;
  }

  show(error: unknown): void {
    this.clear();
    if (error instanceof FormProblem) {
      this.fill(error.message, error.issues.length > 1 ? error.issues.map((i) => `${i.label}: ${i.message}`) : []);
      for (const issue of error.issues) this.markInvalid(issue.field, issue.message);
      return;
    }
    const issues = issuesOf(error);
    const reasons = reasonsOf(error);
    const details = issues.length > 1 ? issues.map((i) => `${i.field.replace(/^(body|query|params)\./, '')}: ${i.message}`) : reasons.length > 1 ? reasons.map((r) => `It ${r}.`) : [];
    this.fill(messageOf(error), details);
    for (const issue of issues) this.markInvalid(this.fieldOf(issue.field), issue.message);
    if (error instanceof ApiError && error.code === 'WEAK_SIP_PASSWORD') {
      for (const node of this.form.querySelectorAll('[data-sip-password]')) node.setAttribute('aria-invalid', 'true');
    }
  }

  clear(): void {
    this.root.hidden = true;
    replaceChildren(this.root);
    for (const node of this.form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
    for (const node of this.form.querySelectorAll('.field-error')) node.remove();
    for (const node of this.form.querySelectorAll('[data-described-by]')) {
      const before = node.getAttribute('data-described-by');
      if (before) node.setAttribute('aria-describedby', before);
      else node.removeAttribute('aria-describedby');
      node.removeAttribute('data-described-by');
    }
  }

  private fill(message: string, details: readonly string[]): void {
    replaceChildren(this.root, h('p', { text: message }), details.length > 0 && h('ul', {}, ...details.map((d) => h('li', { text: d }))));
    this.root.hidden = false;
  }

  /** Marks the input named `name`, else the nearest one above it (`allowedCountries.1` is the `allowedCountries` input). */
  private markInvalid(name: string, message: string): void {
    for (let path = name; path !== ''; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
      const nodes = [...this.form.querySelectorAll(`[name="${CSS.escape(path)}"]`)];
      for (const node of nodes) node.setAttribute('aria-invalid', 'true');
      if (nodes[0]) {
        this.sayNextTo(nodes[0], message);
        return;
      }
    }
  }

  /** The field's own error, right after it and read with it. */
  private sayNextTo(control: Element, message: string): void {
    const note = h('p', { class: 'field-error', text: message, attrs: { id: uniqueId('field-error') } });
    control.after(note);
    if (!control.hasAttribute('data-described-by')) control.setAttribute('data-described-by', control.getAttribute('aria-describedby') ?? '');
    control.setAttribute('aria-describedby', [note.id, control.getAttribute('aria-describedby')].filter(Boolean).join(' '));
  }
}
