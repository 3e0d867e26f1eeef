import type { PolicyAnswer, TenantPolicy } from './api-types.js';
import type { ConsolePage } from './console-context.js';
import { button, checkbox, field, h, input, replaceChildren } from './dom.js';
import { parseCodes, timeElement } from './format.js';
import { FormProblem, wholeNumberOf, type FieldIssue } from './form-problem.js';
import { messageOf, RefusalView } from './refusal-view.js';

const PATH = '/api/v1/admin/policy';

/**
 * The tenant's call policy: which countries agents may call (empty: all), whether premium-rate and shared-cost numbers
 * are blocked, and the default call limits. Save stores it (`PUT`), replacing the configuration's for every dial from
 * then on; "Use the configuration's policy" removes it (`DELETE`). The page says which is in effect and since when.
 */
export const renderPolicyPage: ConsolePage = (root, ctx) => {
  let disposed = false;
  const source = h('p', { class: 'source' });
  const countries = input('allowedCountries', { placeholder: 'US, CA, GB' });
  const premium = checkbox('blockPremiumRate', 'Block premium-rate numbers', true);
  const shared = checkbox('blockSharedCost', 'Block shared-cost numbers', true);
  const limit = (key: string) => input(`limits.${key}`, { type: 'number', min: '1', max: '1000000', step: '1', inputmode: 'numeric', required: '' });
  const perMinute = limit('callsPerMinute');
  const perDay = limit('callsPerDay');
  const concurrent = limit('concurrentCalls');
  const defaults = h('p', { class: 'hint' });
  const save = h('button', { class: 'primary', text: 'Save policy', attrs: { type: 'submit' } });
  const reset = button('Use the configuration’s policy', () => void send('DELETE'));
  const form = h('form', { class: 'panel', attrs: { 'aria-label': 'Tenant call policy', novalidate: '' } });
  const refusal = new RefusalView(form);

  const show = (answer: PolicyAnswer) => {
    const { policy } = answer;
    countries.value = policy.allowedCountries?.join(', ') ?? '';
    premium.box.checked = policy.blockPremiumRate;
    shared.box.checked = policy.blockSharedCost;
    perMinute.value = String(policy.limits.callsPerMinute);
    perDay.value = String(policy.limits.callsPerDay);
    concurrent.value = String(policy.limits.concurrentCalls);
    replaceChildren(
      source,
      answer.source === 'admin'
        ? h('span', {}, 'In effect: the policy set here, updated ', timeElement(answer.updatedAt), '.')
        : 'In effect: the connector’s configuration (nothing set here yet).',
    );
    reset.disabled = answer.source === 'config';
    defaults.textContent = `The configuration’s policy: ${describe(answer.defaults)}.`;
  };

  /** The policy the form holds; a FormProblem when a limit is not a whole number from 1 to 1,000,000 (junk included). */
  const policyOf = (): TenantPolicy => {
    const codes = parseCodes(countries.value);
    const issues: FieldIssue[] = [];
    const limitOf = (node: HTMLInputElement, label: string) => wholeNumberOf(node, label, { min: 1, max: 1_000_000, optional: false }, issues) ?? 0;
    const limits = { callsPerMinute: limitOf(perMinute, 'Calls per minute'), callsPerDay: limitOf(perDay, 'Calls per day'), concurrentCalls: limitOf(concurrent, 'Concurrent calls') };
    if (issues.length > 0) throw new FormProblem(issues);
    return { allowedCountries: codes.length > 0 ? codes : null, blockPremiumRate: premium.box.checked, blockSharedCost: shared.box.checked, limits };
  };

  const send = async (method: 'PUT' | 'DELETE') => {
    refusal.clear();
    save.disabled = reset.disabled = true;
    try {
      const body = method === 'PUT' ? policyOf() : undefined;
      const answer = await ctx.api.send<PolicyAnswer>(method, PATH, body);
      if (disposed) return;
      show(answer);
      ctx.notify(method === 'PUT' ? 'Policy saved: it applies to every dial from now on.' : 'The configuration’s policy applies again.');
    } catch (error) {
      if (disposed) return;
      refusal.show(error);
      ctx.notify(method === 'PUT' ? 'The policy was not saved.' : 'The policy was not reset.', 'error');
      if (error instanceof FormProblem) form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      reset.disabled = false;
    } finally {
      save.disabled = false;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send('PUT');
  });
  form.append(
    refusal.root,
    h(
      'fieldset',
      {},
      h('legend', { text: 'Who may be called' }),
      field('Allowed countries', countries, 'Comma-separated ISO codes such as US, CA; empty allows every country. Agents’ own lists narrow this.'),
      premium.row,
      shared.row,
    ),
    h(
      'fieldset',
      {},
      h('legend', { text: 'Default call limits per agent' }),
      h('p', { class: 'hint', text: 'Whole numbers from 1 to 1,000,000; an agent’s own limits override these.' }),
      h('div', { class: 'grid' }, field('Calls per minute', perMinute), field('Calls per day', perDay), field('Concurrent calls', concurrent)),
    ),
    defaults,
    h('div', { class: 'actions' }, save, reset),
  );
  root.append(h('div', { class: 'page-head' }, h('h1', { text: 'Call policy' })), source, form);

  ctx.api.get<PolicyAnswer>(PATH).then(
    (answer) => !disposed && show(answer),
    (error: unknown) => !disposed && ctx.notify(messageOf(error), 'error'),
  );
  return () => {
    disposed = true;
  };
};

/** `countries US, CA; premium-rate blocked; shared-cost allowed; 10/min, 500/day, 1 at a time`. */
function describe(policy: TenantPolicy): string {
  const countries = policy.allowedCountries ? `countries ${policy.allowedCountries.join(', ')}` : 'every country';
  const { callsPerMinute, callsPerDay, concurrentCalls } = policy.limits;
  return [
    countries,
    `premium-rate ${policy.blockPremiumRate ? 'blocked' : 'allowed'}`,
    `shared-cost ${policy.blockSharedCost ? 'blocked' : 'allowed'}`,
    `${callsPerMinute.toLocaleString()} calls a minute, ${callsPerDay.toLocaleString()} a day, ${concurrentCalls.toLocaleString()} at a time`,
  ].join('; ');
}
