import { renderAgentsPage } from './agents-page.js';
import { renderAuditPage } from './audit-page.js';
import type { ConsoleApi, ConsoleContext, ConsolePage } from './console-context.js';
import { button, h } from './dom.js';
import { renderOutboxPage } from './outbox-page.js';
import { renderPolicyPage } from './policy-page.js';
import { messageOf } from './refusal-view.js';
import { hrefOf, ROUTES, routeOf, watchRoute, type RouteName } from './router.js';
import { SecretDialog } from './secret-dialog.js';
import { renderUsagePage } from './usage/usage-page.js';

const PAGES: Record<RouteName, ConsolePage> = {
  usage: renderUsagePage,
  agents: renderAgentsPage,
  policy: renderPolicyPage,
  outbox: renderOutboxPage,
  audit: renderAuditPage,
};

/** How long an info message stays in the status line; errors stay until the next message. */
const INFO_MS = 8_000;

/**
 * The signed-in console: a header with the product name, the navigation, who is signed in and Sign out; one status
 * line every page reports through (info in a polite live region, errors in an alert region); the page the location
 * hash names, mounted in `<main>`; and the dialog for one-time secrets, which outlives pages. Before another page is
 * shown the current one's dispose runs, and its late messages are dropped. Choosing the page already shown mounts it
 * afresh (its defaults, as the link promises). While a request for a one-time secret runs, the console stays where
 * it is. Returns a function that takes the console down (on sign-out).
 */
export function renderShell(root: HTMLElement, deps: { readonly api: ConsoleApi; readonly who: string; readonly onSignOut: () => void }): () => void {
  const status = h('p', { class: 'status-info', attrs: { role: 'status' } });
  const alert = h('p', { class: 'status-error', attrs: { role: 'alert' } });
  const messages = h('div', { class: 'status' }, status, alert);
  const main = h('main', { class: 'page', attrs: { id: 'page', tabindex: '-1' } });
  const links = ROUTES.map((route) => ({ route: route.name, node: h('a', { text: route.label, attrs: { href: hrefOf(route.name) } }) }));
  const header = h(
    'header',
    { class: 'top' },
    h('p', { class: 'brand', text: 'Click-to-Call admin' }),
    h('nav', { attrs: { 'aria-label': 'Console' } }, h('ul', {}, ...links.map((l) => h('li', {}, l.node)))),
    h('div', { class: 'who' }, h('span', { class: 'muted', text: 'Signed in: ' }), h('span', { class: 'who-name', text: deps.who }), button('Sign out', () => mayLeave() && deps.onSignOut())),
  );
  const dialog = new SecretDialog({ background: [header, messages, main], fallbackFocus: main });
  root.replaceChildren(header, messages, main, dialog.root);

  let statusTimer: ReturnType<typeof setTimeout> | null = null;
  const notify = (message: string, kind: 'info' | 'error' = 'info') => {
    if (statusTimer) clearTimeout(statusTimer);
    statusTimer = null;
    status.textContent = kind === 'info' ? message : '';
    alert.textContent = kind === 'error' ? message : '';
    if (kind === 'info') statusTimer = setTimeout(() => (status.textContent = ''), INFO_MS);
  };

  // What each request for a one-time secret brings; while any runs, the console does not leave the page.
  const pending: string[] = [];
  const mayLeave = (): boolean => {
    if (pending.length === 0) return true;
    notify(`Wait for ${pending[0]}: it is shown only once, so the console stays on this page until it arrives.`);
    return false;
  };
  const holdPage = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    pending.push(what);
    try {
      return await work();
    } finally {
      pending.splice(pending.indexOf(what), 1);
    }
  };
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (pending.length === 0 && !dialog.open) return;
    // The browser asks whether to leave: a secret on its way or on screen cannot be shown again.
    event.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);

  let dispose: (() => void) | null = null;
  let first = true;
  const show = (route: RouteName) => {
    dispose?.();
    main.replaceChildren();
    status.textContent = alert.textContent = '';
    for (const link of links) {
      if (link.route === route) link.node.setAttribute('aria-current', 'page');
      else link.node.removeAttribute('aria-current');
    }
    document.title = `${ROUTES.find((r) => r.name === route)!.label} · Click-to-Call admin`;
    let live = true;
    const ctx: ConsoleContext = {
      api: deps.api,
      notify: (message, kind) => live && notify(message, kind),
      revealSecret: (secret) => dialog.show(secret),
      holdPage,
    };
    try {
      const pageDispose = PAGES[route](main, ctx);
      dispose = () => {
        live = false;
        pageDispose();
      };
    } catch (error) {
      live = false;
      dispose = null;
      notify(messageOf(error), 'error');
    }
    // Keyboard and screen-reader users land on the new page, not on the link they chose (not on the first load).
    if (!first) main.focus();
    first = false;
  };

  for (const link of links) {
    link.node.addEventListener('click', (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      // Another route: the hash changes and the router shows it (unless held here, before a history entry is made).
      // The same route: no hash change would come, so the page is mounted afresh here.
      if (routeOf(location.hash) !== link.route && pending.length === 0) return;
      event.preventDefault();
      if (!mayLeave()) return;
      history.replaceState(history.state, '', hrefOf(link.route));
      show(link.route);
    });
  }
  const stopWatching = watchRoute(show, mayLeave);

  return () => {
    stopWatching();
    window.removeEventListener('beforeunload', onBeforeUnload);
    dispose?.();
    dispose = null;
    dialog.dispose();
    if (statusTimer) clearTimeout(statusTimer);
  };
}
