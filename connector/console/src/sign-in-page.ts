import type { SessionAnswer } from './api-types.js';
import { callApi } from './console-api.js';
import { ApiError } from './console-context.js';
import { field, h, uniqueId } from './dom.js';
import { messageOf } from './refusal-view.js';
import { sessionCredential, type Credential } from './session.js';

/** Whether a credential gets into the admin API: it must read the agents, as every console page needs an admin. */
export async function checkAdminAccess(token: string): Promise<void> {
  await callApi('GET', '/api/v1/admin/agents', { token });
}

/**
 * The sign-in screen: with the connector's admin token (sent as the bearer itself), or with the sign-in key of an
 * agent whose role is admin (exchanged for a session at `/api/v1/auth/local`). Either is checked against the admin
 * API before the console opens. `message` says why the admin is here (an alert: a refusal, a session that ended);
 * `notice` is news read politely (signed out).
 *
 * The secret field is a text field masked by CSS (`-webkit-text-security: disc`, in every browser the console
 * supports), not a password field, and is emptied once sent. Browsers offer to save whatever is typed in a password
 * field and ignore `autocomplete="off"` there; `autocomplete="one-time-code"` is a hint each password manager reads
 * its own way. A field that is not a password field is never offered for saving, whatever the browser's heuristics,
 * and a bootstrap token saved in a browser profile is a standing admin credential. The price: a screen reader may
 * speak characters typed here, where it would not in a password field; tokens and keys are pasted, not typed.
 */
export function renderSignIn(
  root: HTMLElement,
  args: { readonly message?: string; readonly notice?: string; readonly onSignedIn: (credential: Credential) => void },
): void {
  const messageId = uniqueId('sign-in-message');
  const message = h('p', { class: 'refusal', attrs: { id: messageId, role: 'alert' } });
  message.hidden = !args.message;
  message.textContent = args.message ?? '';
  const notice = h('p', { class: 'notice', text: args.notice ?? '', attrs: { role: 'status' } });
  const methodName = uniqueId('method');
  const radio = (value: string, label: string, checked: boolean) => {
    const node = h('input', { attrs: { type: 'radio', name: methodName, value, id: uniqueId('method') } });
    node.checked = checked;
    return { node, row: h('div', { class: 'field check' }, node, h('label', { text: label, attrs: { for: node.id } })) };
  };
  const byToken = radio('token', 'Admin token', true);
  const byKey = radio('key', 'Sign-in key of an admin agent', false);
  const secret = h('input', {
    class: 'masked',
    attrs: { type: 'text', name: 'secret', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', required: '', 'aria-describedby': messageId },
  });
  const secretField = field('Admin token', secret);
  const label = secretField.querySelector('label')!;
  const submit = h('button', { class: 'primary', text: 'Sign in', attrs: { type: 'submit' } });
  const form = h(
    'form',
    { class: 'sign-in panel', attrs: { 'aria-labelledby': 'sign-in-title', novalidate: '' } },
    h('p', { class: 'brand', text: 'Click-to-Call admin' }),
    h('h1', { text: 'Sign in', attrs: { id: 'sign-in-title' } }),
    notice,
    message,
    h('fieldset', {}, h('legend', { text: 'Sign in with' }), byToken.row, byKey.row),
    secretField,
    submit,
  );
  const onMethod = () => {
    label.textContent = byKey.node.checked ? 'Sign-in key' : 'Admin token';
  };
  byToken.node.addEventListener('change', onMethod);
  byKey.node.addEventListener('change', onMethod);

  const say = (text: string) => {
    message.textContent = text;
    message.hidden = text === '';
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = secret.value.trim();
    if (value === '') {
      say(byKey.node.checked ? 'Paste the sign-in key first.' : 'Paste the admin token first.');
      secret.focus();
      return;
    }
    secret.value = '';
    say('');
    notice.textContent = '';
    submit.disabled = true;
    const attempt = byKey.node.checked ? signInWithKey(value) : signInWithToken(value);
    attempt
      .then(args.onSignedIn, (error: unknown) => {
        say(messageOf(error));
        secret.focus();
      })
      .finally(() => (submit.disabled = false));
  });

  root.replaceChildren(h('main', { class: 'sign-in-page' }, form));
  secret.focus();
}

async function signInWithToken(token: string): Promise<Credential> {
  try {
    await checkAdminAccess(token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw new ApiError(401, error.code, `The connector refused this admin token: ${error.message}`);
    throw error;
  }
  return { kind: 'admin-token', token };
}

async function signInWithKey(key: string): Promise<Credential> {
  const answer = await callApi<SessionAnswer>('POST', '/api/v1/auth/local', { body: { key } });
  if (answer.agent.role !== 'admin') {
    // The session is simply dropped: signing it out would also end the agent's softphone sessions.
    throw new ApiError(403, 'ADMIN_ONLY', `This agent is not an admin: ${answer.agent.name} (${answer.agent.id}) may use the softphone, but only agents with the admin role may open the admin console.`);
  }
  await checkAdminAccess(answer.token);
  return sessionCredential(answer);
}
