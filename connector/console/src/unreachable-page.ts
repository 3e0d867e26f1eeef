import { button, h } from './dom.js';

/**
 * What a reload shows when the kept credential could not be checked because the connector did not answer (or not
 * with a verdict; `detail` says what it answered, empty when nothing): the credential is kept, since nothing says it stopped working, and Try again checks once more.
 * Sign out forgets it, for an admin who would rather sign in afresh.
 */
export function renderUnreachable(root: HTMLElement, args: { readonly detail: string; readonly onRetry: () => void; readonly onSignOut: () => void }): void {
  const retry = button('Try again', () => {
    retry.disabled = true;
    args.onRetry();
  }, { class: 'primary' });
  root.replaceChildren(
    h(
      'main',
      { class: 'sign-in-page' },
      h(
        'section',
        { class: 'sign-in panel', attrs: { 'aria-labelledby': 'unreachable-title' } },
        h('p', { class: 'brand', text: 'Click-to-Call admin' }),
        h('h1', { text: 'Could not reach the connector', attrs: { id: 'unreachable-title' } }),
        h('div', { class: 'refusal', attrs: { role: 'alert' } }, h('p', { text: `Could not reach the connector to check your sign-in. ${args.detail}`.trim() })),
        h('p', { class: 'muted', text: 'You are still signed in here; try again once the connector is back.' }),
        h('div', { class: 'actions' }, retry, button('Sign out', args.onSignOut)),
      ),
    ),
  );
  retry.focus();
}
