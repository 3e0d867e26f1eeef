import type { AgentView } from './api-types.js';
import type { ConsoleContext } from './console-context.js';
import { button, field, h, input, select, uniqueId } from './dom.js';
import { parseCodes } from './format.js';
import { FormProblem, wholeNumberOf, type FieldIssue } from './form-problem.js';
import { RefusalView } from './refusal-view.js';
import { sipAccountFields } from './sip-account-fields.js';

/** What a saved form hands back: the agent as the API now shows it, and its sign-in key when it was just created. */
export interface SavedAgent {
  readonly agent: AgentView;
  readonly signInKey?: string;
}

const blankToNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/**
 * The form that creates an agent (`POST /agents`, with its SIP account in the same request) or edits one (`PATCH
 * /agents/{id}`, then `PUT` or `DELETE /agents/{id}/sip` when the admin changed the account). A refusal is shown
 * next to the form with the API's message, and the fields it names are marked invalid; nothing is cleared, so the
 * admin fixes the field and sends again. A call limit that is not a whole number (junk included, which a number
 * field reports as empty) is refused before sending, never sent as "no limit". The SIP password typed is forgotten
 * once the account was saved. Creating holds the console on its page until the answer (with the one-time sign-in
 * key) arrives.
 */
export function agentForm(args: {
  readonly mode: 'create' | 'edit';
  readonly agent?: AgentView;
  readonly ctx: ConsoleContext;
  readonly onSaved: (saved: SavedAgent) => void;
  readonly onCancel: () => void;
}): HTMLFormElement {
  const { ctx, agent } = args;
  const headingId = uniqueId('agent-form');
  const id = input('id', { required: '', pattern: '[A-Za-z0-9._\\-]{1,64}', value: agent?.id });
  const name = input('name', { required: '', autocomplete: 'off', value: agent?.name });
  const role = select('role', [['agent', 'Agent'], ['admin', 'Admin']], agent?.role ?? 'agent');
  const team = input('team', { value: agent?.team ?? undefined });
  const crmUserId = input('crmUserId', { value: agent?.crmUserId ?? undefined });
  const callerId = input('callerId', { value: agent?.callerId ?? undefined, placeholder: '+14155552671' });
  const countries = input('allowedCountries', { value: agent?.allowedCountries?.join(', '), placeholder: 'US, CA' });
  const limit = (key: 'callsPerMinute' | 'callsPerDay' | 'concurrentCalls') =>
    input(`limits.${key}`, { type: 'number', min: '1', step: '1', inputmode: 'numeric', value: agent?.limits[key]?.toString() });
  const perMinute = limit('callsPerMinute');
  const perDay = limit('callsPerDay');
  const concurrent = limit('concurrentCalls');
  const sip = sipAccountFields({ mode: args.mode, current: agent?.sip ?? null, ctx });
  const submit = h('button', { class: 'primary', text: args.mode === 'create' ? 'Create agent' : 'Save changes', attrs: { type: 'submit' } });

  const form = h(
    'form',
    { class: 'panel agent-form', attrs: { 'aria-labelledby': headingId, novalidate: '' } },
    h('h2', { text: args.mode === 'create' ? 'New agent' : `Edit ${agent?.id ?? ''}`, attrs: { id: headingId, tabindex: '-1' } }),
  );
  // True while the edit form sends the SIP account, whose refusals name `body.username` for the `sip.username` input.
  let sipStep = false;
  const refusal = new RefusalView(form, (apiField) => {
    const path = apiField.replace(/^body\.?/, '');
    return sipStep ? `sip.${path}` : path;
  });
  form.append(
    refusal.root,
    h(
      'fieldset',
      {},
      h('legend', { text: 'Profile' }),
      h(
        'div',
        { class: 'grid' },
        args.mode === 'create' && field('Agent id', id, 'Letters, digits, ., - or _; never reused, even after deletion.'),
        field('Name', name),
        field('Role', role, 'Admins may also use this console with their sign-in key.'),
        field('Team', team, 'Groups agents in the usage pages.'),
        field('CRM user id', crmUserId, 'The agent’s user in the CRM; owner of its call logs.'),
        field('Caller id', callerId, 'E.164 number presented on its calls; empty for the account’s own.'),
        field('Allowed countries', countries, 'Comma-separated codes such as US, CA; empty follows the tenant policy.'),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', { text: 'Call limits' }),
      h('p', { class: 'hint', text: 'Empty fields follow the tenant’s default limits.' }),
      h('div', { class: 'grid' }, field('Calls per minute', perMinute), field('Calls per day', perDay), field('Concurrent calls', concurrent)),
    ),
    sip.root,
    h('div', { class: 'actions' }, submit, button('Cancel', () => {
      sip.forgetPassword();
      args.onCancel();
    })),
  );

  const limitsOf = () => {
    const issues: FieldIssue[] = [];
    const limitOf = (node: HTMLInputElement, label: string) => wholeNumberOf(node, label, { min: 1, optional: true }, issues);
    const limits = { callsPerMinute: limitOf(perMinute, 'Calls per minute'), callsPerDay: limitOf(perDay, 'Calls per day'), concurrentCalls: limitOf(concurrent, 'Concurrent calls') };
    if (issues.length > 0) throw new FormProblem(issues);
    return limits;
  };

  const profile = () => ({
    name: name.value.trim(),
    role: role.value,
    team: blankToNull(team.value),
    crmUserId: blankToNull(crmUserId.value),
    callerId: blankToNull(callerId.value),
    allowedCountries: parseCodes(countries.value).length > 0 ? parseCodes(countries.value) : null,
    limits: limitsOf(),
  });

  const save = async (): Promise<SavedAgent> => {
    sipStep = false;
    const choice = sip.value();
    if (args.mode === 'create') {
      const body = { id: id.value.trim(), ...profile(), sip: choice.action === 'set' ? choice.account : null };
      const created = await ctx.holdPage(`the sign-in key of ${body.id || 'the new agent'}`, () =>
        ctx.api.send<{ agent: AgentView; signInKey: string }>('POST', '/api/v1/admin/agents', body),
      );
      return { agent: created.agent, signInKey: created.signInKey };
    }
    const path = `/api/v1/admin/agents/${encodeURIComponent(agent!.id)}`;
    let saved = (await ctx.api.send<{ agent: AgentView }>('PATCH', path, profile())).agent;
    sipStep = true;
    if (choice.action === 'set') await ctx.api.send('PUT', `${path}/sip`, choice.account);
    if (choice.action === 'remove') await ctx.api.send('DELETE', `${path}/sip`);
    if (choice.action !== 'keep') saved = (await ctx.api.get<{ agent: AgentView }>(path)).agent;
    return { agent: saved };
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    refusal.clear();
    submit.disabled = true;
    save()
      .then((saved) => {
        sip.forgetPassword();
        args.onSaved(saved);
      }, (error: unknown) => {
        refusal.show(error);
        if (error instanceof FormProblem) form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        if (sipStep) ctx.notify(`The profile of ${agent?.id ?? ''} was saved; its SIP account was not.`, 'error');
        else ctx.notify(args.mode === 'create' ? 'The agent was not created.' : 'The changes were not saved.', 'error');
      })
      .finally(() => (submit.disabled = false));
  });
  return form;
}
