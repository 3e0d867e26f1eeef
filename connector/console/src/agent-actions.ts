import type { AgentView } from './api-types.js';
import type { ConsoleContext } from './console-context.js';
import { button, field, focusBack, h, input, replaceChildren, uniqueId } from './dom.js';
import { messageOf } from './refusal-view.js';
import { generatePassword, sameAccount } from './sip-account-fields.js';

/** What the actions tell the agents page. */
export interface AgentActionEvents {
  /** The agent changed (or may have): re-read the table. */
  readonly onChanged: () => void;
  readonly onDeleted: (id: string) => void;
}

/**
 * The buttons of one agent: Disable/Enable, Reset SIP password (password accounts), New sign-in key, Sign out
 * everywhere and Delete. Those that lock the agent out until it gets something new ask first, in a strip below the
 * buttons; Delete asks the admin to type the agent's id, as it cannot be undone and the id is never given again.
 * Cancel puts focus back on the button that asked. A new secret (sign-in key, SIP password) is requested with the
 * console held on this page and shown in the console's secret dialog, so it cannot be lost to a route change or a
 * reload of the table. Every button carries a `data-focus-key`, so focus finds it again after the panel re-renders.
 */
export function agentActions(agent: AgentView, ctx: ConsoleContext, events: AgentActionEvents): HTMLElement {
  const path = `/api/v1/admin/agents/${encodeURIComponent(agent.id)}`;
  const confirmArea = h('div', { class: 'confirm-area' });
  const focusKey = (action: string) => ({ 'data-focus-key': `${action}:${agent.id}` });
  const run = (work: () => Promise<void>) => {
    work().catch((error: unknown) => ctx.notify(messageOf(error), 'error'));
  };

  const ask = (opener: HTMLElement, question: string, confirmLabel: string, action: () => Promise<void>) => {
    const yes = button(confirmLabel, () => {
      yes.disabled = true;
      replaceChildren(confirmArea);
      focusBack(opener);
      run(action);
    }, { class: 'danger' });
    const cancel = button('Cancel', () => {
      replaceChildren(confirmArea);
      focusBack(opener);
    });
    replaceChildren(confirmArea, h('div', { class: 'confirm', attrs: { role: 'group', 'aria-label': 'Confirm' } }, h('p', { text: question }), yes, cancel));
    yes.focus();
  };

  const toggle = button(agent.disabled ? 'Enable' : 'Disable', () =>
    run(async () => {
      await ctx.api.send('PATCH', path, { disabled: !agent.disabled });
      ctx.notify(agent.disabled ? `${agent.id} is enabled.` : `${agent.id} is disabled; its sessions ended.`);
      events.onChanged();
    }),
  { attrs: focusKey('toggle') });

  const sip = agent.sip;
  const resetSip: HTMLButtonElement | null =
    sip?.kind !== 'password' ? null : button('Reset SIP password', () =>
      ask(resetSip!, `Set a new generated SIP password for ${agent.id}? Its widget cannot register until the PBX has it too.`, 'Yes, reset the SIP password', async () => {
        const password = await ctx.holdPage(`the new SIP password of ${agent.id}`, async () => {
          const generated = await generatePassword(ctx);
          await ctx.api.send('PUT', `${path}/sip`, sameAccount(sip, generated));
          return generated;
        });
        ctx.revealSecret({
          title: `New SIP password for ${agent.id}`,
          label: 'SIP password',
          secret: password,
          warning: `Shown only this once. Set it on the PBX for ${sip.aor} now; the agent's widget uses it from its next sign-in.`,
          opener: resetSip,
        });
        ctx.notify(`The SIP password of ${agent.id} was reset.`);
        events.onChanged();
      }),
    { attrs: focusKey('reset-sip') });

  const newKey = button('New sign-in key', () =>
    ask(newKey, `Give ${agent.id} a new sign-in key? The old key and every session of the agent stop working.`, 'Yes, make a new key', async () => {
      const { signInKey } = await ctx.holdPage(`the new sign-in key of ${agent.id}`, () => ctx.api.send<{ signInKey: string }>('POST', `${path}/sign-in-key`));
      ctx.revealSecret({
        title: `New sign-in key for ${agent.id}`,
        label: 'Sign-in key',
        secret: signInKey,
        warning: 'Shown only this once: copy it now and give it to the agent privately. It cannot be shown again.',
        opener: newKey,
      });
      ctx.notify(`${agent.id} has a new sign-in key.`);
      events.onChanged();
    }),
  { attrs: focusKey('new-key') });

  const signOut = button('Sign out everywhere', () =>
    ask(signOut, `End every session of ${agent.id}? Its widgets must sign in again.`, 'Yes, end every session', async () => {
      await ctx.api.send('POST', `${path}/sign-out`);
      ctx.notify(`Every session of ${agent.id} ended.`);
      events.onChanged();
    }),
  { attrs: focusKey('sign-out') });

  const remove = button('Delete', () => {
    const typed = input('confirm-id', { 'aria-describedby': null });
    const yes = button(`Delete ${agent.id}`, () => {
      yes.disabled = true;
      run(async () => {
        await ctx.api.send('DELETE', path);
        ctx.notify(`${agent.id} was deleted.`);
        events.onDeleted(agent.id);
      });
    }, { class: 'danger' });
    yes.disabled = true;
    typed.addEventListener('input', () => (yes.disabled = typed.value.trim() !== agent.id));
    const questionId = uniqueId('delete-question');
    replaceChildren(
      confirmArea,
      h(
        'div',
        { class: 'confirm', attrs: { role: 'group', 'aria-labelledby': questionId } },
        h('p', { text: `Deleting ${agent.id} removes its profile and SIP account; its calls stay, and the id is never given again. Type the id to confirm.`, attrs: { id: questionId } }),
        field('Agent id to delete', typed),
        yes,
        button('Cancel', () => {
          replaceChildren(confirmArea);
          focusBack(remove);
        }),
      ),
    );
    typed.focus();
  }, { class: 'danger', attrs: focusKey('delete') });

  return h('div', { class: 'agent-actions' }, h('div', { class: 'actions', attrs: { role: 'group', 'aria-label': `Actions for ${agent.id}` } }, toggle, resetSip, newKey, signOut, remove), confirmArea);
}
