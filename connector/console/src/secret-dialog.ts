import type { SecretToShow } from './console-context.js';
import { button, focusBack, h, uniqueId } from './dom.js';

/**
 * The console's modal dialog for secrets the connector hands out once (sign-in keys, generated SIP passwords). It
 * belongs to the shell, not to a page: a page that is left, or re-rendered by a late reload, cannot take a secret
 * with it, since the connector has already rotated it. While it is open the rest of the console is `inert` (no
 * clicks, no focus, hidden from screen readers), focus is in its read-only field, and only Done closes it: Done
 * empties the field, closes, and puts focus back on the control the admin started from. Secrets that arrive while
 * one is shown wait their turn. Nothing is ever stored.
 */
export class SecretDialog {
  readonly root: HTMLElement;
  private readonly title = h('h2', { attrs: { id: uniqueId('secret-title'), tabindex: '-1' } });
  private readonly warning = h('p', { class: 'warning', attrs: { id: uniqueId('secret-warning') } });
  private readonly value = h('input', { class: 'secret', attrs: { type: 'text', readonly: '', autocomplete: 'off', spellcheck: 'false' } });
  /** The dialog's own live region: the console's status line is inert (so unheard) while the dialog is open. */
  private readonly note = h('p', { class: 'dialog-note', attrs: { role: 'status' } });
  private readonly waiting: SecretToShow[] = [];
  private showing: SecretToShow | null = null;

  constructor(
    private readonly deps: {
      /** What the dialog makes inert while it is open: the rest of the console. */
      readonly background: readonly HTMLElement[];
      /** Where focus goes when the opener is gone for good. */
      readonly fallbackFocus: HTMLElement;
    },
  ) {
    const copy = button('Copy', () => this.copy());
    const done = button('Done', () => this.done(), { class: 'primary' });
    const dialog = h(
      'section',
      { class: 'reveal dialog', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': this.title.id, 'aria-describedby': this.warning.id } },
      this.title,
      this.warning,
      h('div', { class: 'secret-row' }, this.value, copy),
      this.note,
      h('div', { class: 'actions' }, done),
    );
    this.root = h('div', { class: 'dialog-backdrop' }, dialog);
    this.root.hidden = true;
  }

  /** Whether a secret is on screen (or waiting): leaving the console now would lose it. */
  get open(): boolean {
    return this.showing !== null;
  }

  show(secret: SecretToShow): void {
    if (this.showing) {
      this.waiting.push(secret);
      return;
    }
    this.showing = secret;
    this.title.textContent = secret.title;
    this.warning.textContent = secret.warning;
    this.value.setAttribute('aria-label', secret.label);
    this.value.value = secret.secret;
    this.note.textContent = '';
    for (const node of this.deps.background) node.inert = true;
    this.root.hidden = false;
    this.value.focus();
    this.value.select();
  }

  /** Empties and closes the dialog without a trace (the console is taken down). */
  dispose(): void {
    this.waiting.length = 0;
    this.value.value = '';
    this.note.textContent = '';
    this.showing = null;
    this.root.hidden = true;
    for (const node of this.deps.background) node.inert = false;
  }

  private done(): void {
    const opener = this.showing?.opener;
    this.value.value = '';
    this.note.textContent = '';
    this.showing = null;
    const next = this.waiting.shift();
    if (next) {
      this.show(next);
      return;
    }
    this.root.hidden = true;
    for (const node of this.deps.background) node.inert = false;
    focusBack(opener, this.deps.fallbackFocus);
  }

  private copy(): void {
    const label = this.showing?.label ?? 'Secret';
    copyText(this.value).then(
      () => (this.note.textContent = `${label} copied to the clipboard.`),
      () => (this.note.textContent = `Could not copy; select the ${label.toLowerCase()} and copy it by hand.`),
    );
  }
}

async function copyText(input: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(input.value);
    return;
  } catch {
    // No clipboard permission (or no secure context): fall back to copying the selection.
  }
  input.select();
  if (!document.execCommand('copy')) throw new Error('copy refused');
}
