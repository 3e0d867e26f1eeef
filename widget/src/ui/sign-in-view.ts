import { button, h, setText, uniqueId } from './dom.js';
import type { View } from './view.js';
import type { WidgetActions, WidgetState } from './widget-state.js';

/**
 * The sign-in screen: the agent pastes the token the admin API issued (real sign-in with the CRM's identity comes
 * later). The field is a password field so the token is not shown to whoever stands behind the agent.
 */
export function signInView(doc: Document, actions: WidgetActions): View {
  const inputId = uniqueId('token');
  const messageId = uniqueId('token-message');
  const input = h(doc, 'input', {
    class: 'c2c-input',
    attrs: { id: inputId, type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': messageId, required: '' },
  });
  const message = h(doc, 'p', { class: 'c2c-message', attrs: { id: messageId, role: 'alert' } });
  const submit = h(doc, 'button', { class: 'c2c-primary', text: 'Sign in', attrs: { type: 'submit' } });
  const form = h(
    doc,
    'form',
    { class: 'c2c-screen c2c-sign-in', attrs: { 'aria-label': 'Sign in' } },
    h(doc, 'h2', { class: 'c2c-title', text: 'Sign in' }),
    h(doc, 'p', { class: 'c2c-hint', text: 'Paste the agent token your admin gave you.' }),
    h(doc, 'label', { class: 'c2c-label', text: 'Agent token', attrs: { for: inputId } }),
    input,
    message,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token) actions.signIn(token);
    else setText(message, 'Paste your agent token first.');
  });
  return {
    root: form,
    update(state: WidgetState) {
      const busy = state.session === 'signing-in';
      submit.disabled = busy;
      setText(submit, busy ? 'Signing in…' : 'Sign in');
      setText(message, state.sessionMessage ?? '');
      if (state.sessionMessage) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
    focusTarget: () => input,
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
