import type { SipAccountView } from './api-types.js';
import type { ConsoleContext } from './console-context.js';
import { button, checkbox, field, h, input, select } from './dom.js';
import { messageOf } from './refusal-view.js';

/** A SIP account as `PUT /agents/{id}/sip` and the `sip` of `POST /agents` take it. */
export interface SipAccountBody {
  readonly kind: 'password' | 'ephemeral';
  readonly username: string;
  readonly password?: string;
  readonly authUser: string | null;
  readonly domain: string | null;
  readonly wsServer: string | null;
  readonly displayName: string | null;
}

/** What the admin chose: leave the account alone, remove it, or set it to `account`. */
export type SipChoice = { readonly action: 'keep' } | { readonly action: 'remove' } | { readonly action: 'set'; readonly account: SipAccountBody };

/** The SIP account as the API answered it, as a body that sets the same account (an unchanged `authUser` left default). */
export function sameAccount(sip: SipAccountView, password?: string): SipAccountBody {
  return {
    kind: sip.kind,
    username: sip.username,
    ...(password === undefined ? {} : { password }),
    authUser: sip.authUser === sip.username ? null : sip.authUser,
    domain: sip.domain,
    wsServer: sip.wsServer,
    displayName: sip.displayName,
  };
}

/** Asks the connector for a strong generated password (it stores none). */
export async function generatePassword(ctx: ConsoleContext): Promise<string> {
  const { password } = await ctx.api.send<{ password: string }>('POST', '/api/v1/admin/sip-passwords', {});
  return password;
}

const blankToNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/**
 * The SIP account part of the agent form. Inputs are named `sip.<field>` as the API's validation names them, so a
 * refusal points at the right one. The password is a password field (with "Show password"); "Generate strong
 * password" fills it from the connector and shows it, since the admin must also set it on the PBX.
 * In the edit form the account is kept unless the admin picks another choice: the stored password is write-only,
 * so changing any field of a password account means giving the password again.
 */
export function sipAccountFields(args: { readonly mode: 'create' | 'edit'; readonly current: SipAccountView | null; readonly ctx: ConsoleContext }) {
  const { current, ctx } = args;
  const choices: [string, string][] = [
    ...(args.mode === 'edit' && current ? ([['keep', `Keep the current account (${current.aor})`]] as [string, string][]) : []),
    ['none', 'No SIP account'],
    ['password', 'Password account'],
    ['ephemeral', 'Ephemeral (connector-minted credentials)'],
  ];
  const kind = select('sip.kind', choices, args.mode === 'edit' ? (current ? 'keep' : 'none') : 'password');
  const username = input('sip.username', { value: current?.username });
  const domain = input('sip.domain', { value: current?.domain, placeholder: 'pbx.example.com' });
  const authUser = input('sip.authUser', { value: current && current.authUser !== current.username ? current.authUser : undefined });
  const wsServer = input('sip.wsServer', { value: current?.wsServer ?? undefined, placeholder: 'wss://pbx.example.com:8443' });
  const displayName = input('sip.displayName', { value: current?.displayName ?? undefined });
  const password = input('sip.password', { type: 'password', autocomplete: 'new-password', 'data-sip-password': '' });
  const show = checkbox('sip.showPassword', 'Show password', false);
  show.box.addEventListener('change', () => (password.type = show.box.checked ? 'text' : 'password'));
  const generate = button('Generate strong password', () => {
    generate.disabled = true;
    generatePassword(ctx)
      .then((value) => {
        password.value = value;
        password.type = 'text';
        show.box.checked = true;
        ctx.notify('A strong password was generated: set the same password on the PBX.');
      }, (error: unknown) => ctx.notify(messageOf(error), 'error'))
      .finally(() => (generate.disabled = false));
  });

  const passwordRow = h('div', { class: 'password-row' }, field('SIP password', password, 'Write-only: the connector never shows a stored password.'), h('div', { class: 'inline-actions' }, generate, show.row));
  const accountFields = h(
    'div',
    { class: 'grid' },
    field('SIP username', username, 'The extension or user, such as 1001.'),
    field('SIP domain', domain, 'Empty: the connector’s SIP_DOMAIN.'),
    field('Authentication user', authUser, 'Empty: the SIP username.'),
    field('WebSocket server (WSS)', wsServer, 'Empty: the connector’s SIP_WS_URL.'),
    field('Display name', displayName, 'Shown to the people the agent calls.'),
  );
  const root = h('fieldset', {}, h('legend', { text: 'SIP account' }), field('Account', kind), accountFields, passwordRow);

  const sync = () => {
    const chosen = kind.value;
    accountFields.hidden = chosen !== 'password' && chosen !== 'ephemeral';
    passwordRow.hidden = chosen !== 'password';
    username.required = !accountFields.hidden;
    password.required = !passwordRow.hidden;
  };
  kind.addEventListener('change', sync);
  sync();

  const value = (): SipChoice => {
    const chosen = kind.value;
    if (chosen === 'keep' || (chosen === 'none' && !current)) return { action: 'keep' };
    if (chosen === 'none') return { action: 'remove' };
    const account: SipAccountBody = {
      kind: chosen === 'ephemeral' ? 'ephemeral' : 'password',
      username: username.value.trim(),
      ...(chosen === 'password' ? { password: password.value } : {}),
      authUser: blankToNull(authUser.value),
      domain: blankToNull(domain.value),
      wsServer: blankToNull(wsServer.value),
      displayName: blankToNull(displayName.value),
    };
    return { action: 'set', account };
  };
  /** Forgets the password typed or generated, once sent (or when the form closes). */
  const forgetPassword = () => {
    password.value = '';
    password.type = 'password';
    show.box.checked = false;
  };
  return { root, value, forgetPassword };
}
