import type { CrmSignIn } from '../connector/agent-session.js';
import { button, h, setText, uniqueId } from './dom.js';
import type { View } from './view.js';
import type { WidgetActions, WidgetState } from './widget-state.js';

const CRMS: readonly { readonly crm: CrmSignIn; readonly name: string }[] = [
  { crm: 'salesforce', name: 'Salesforce' },
  { crm: 'hubspot', name: 'HubSpot' },
];

/**
 * The sign-in screen: "Sign in with Salesforce" / "with HubSpot" when the connector offers them (a popup with the
 * CRM's own sign-in), and always the sign-in key an admin hands out. The key field is a password field, so the key
 * is not shown to whoever stands behind the agent, and it is emptied once sent: the widget keeps only the session.
 * When a session ended during a call, the call is still up: the screen says so and offers to hang up.
 */
export function signInView(doc: Document, actions: WidgetActions): View {
  const inputId = uniqueId('key');
  const messageId = uniqueId('sign-in-message');
  const message = h(doc, 'p', { class: 'c2c-message', attrs: { id: messageId, role: 'alert' } });
  const crmButtons = CRMS.map(({ crm, name }) => ({
    crm,
    name,
    node: button(doc, `Sign in with ${name}`, () => actions.signInWithCrm(crm), { class: 'c2c-primary' }),
  }));
  const input = h(doc, 'input', {
    class: 'c2c-input',
    attrs: { id: inputId, type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': messageId, required: '' },
  });
  const submit = h(doc, 'button', { text: 'Sign in', attrs: { type: 'submit' } });
  const keyHint = h(doc, 'p', { class: 'c2c-hint', text: 'Sign in with a key from your admin.' });
  const form = h(
    doc,
    'form',
    { class: 'c2c-screen', attrs: { 'aria-label': 'Sign in with a key' } },
    keyHint,
    h(doc, 'label', { class: 'c2c-label', text: 'Sign-in key', attrs: { for: inputId } }),
    input,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    input.value = '';
    if (key) actions.signInWithKey(key);
    else setText(message, 'Paste your sign-in key first.');
  });
  const root = h(
    doc,
    'section',
    { class: 'c2c-screen c2c-sign-in', attrs: { 'aria-label': 'Sign in' } },
    h(doc, 'h2', { class: 'c2c-title', text: 'Sign in' }),
    message,
    ...crmButtons.map((b) => b.node),
    form,
  );
  let offered: readonly CrmSignIn[] = [];
  return {
    root,
    update(state: WidgetState) {
      const busy = state.session === 'signing-in';
      const withCrm = CRMS.find((c) => c.crm === state.signingInWith);
      offered = CRMS.filter((c) => state.signInMethods.includes(c.crm)).map((c) => c.crm);
      for (const b of crmButtons) {
        b.node.hidden = !offered.includes(b.crm);
        // A CRM button stays usable while its popup is open: a second click brings the same popup back.
        b.node.disabled = busy && !withCrm;
      }
      submit.className = offered.length > 0 ? '' : 'c2c-primary';
      submit.disabled = busy;
      setText(submit, busy && state.signingInWith === 'key' ? 'Signing in…' : 'Sign in');
      setText(message, withCrm && busy ? `Finish signing in with ${withCrm.name} in the window that opened.` : (state.sessionMessage ?? ''));
      message.dataset['tone'] = withCrm && busy ? 'info' : 'error';
      if (state.sessionMessage) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
    focusTarget: () => {
      const crm = crmButtons.find((b) => offered.includes(b.crm));
      return crm?.node ?? input;
    },
  };
}

/**
 * Signed in, but no phone: the admin has not given the agent a SIP account yet, or the connector could not be
 * reached. The message says which; Try again asks the connector anew with the same token.
 */
export function noPhoneView(doc: Document, actions: WidgetActions): View {
  const message = h(doc, 'p', { class: 'c2c-message' });
  const retry = button(doc, 'Try again', () => actions.retrySettings(), { class: 'c2c-primary' });
  return {
    root: h(
      doc,
      'section',
      { class: 'c2c-screen', attrs: { 'aria-label': 'Phone not available' } },
      h(doc, 'h2', { class: 'c2c-title', text: 'Phone not available' }),
      message,
      retry,
    ),
    update(state: WidgetState) {
      setText(message, state.sessionMessage ?? '');
    },
    focusTarget: () => retry,
  };
}
