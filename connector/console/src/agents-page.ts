import { agentActions } from './agent-actions.js';
import { agentForm } from './agent-form.js';
import type { AgentView } from './api-types.js';
import type { ConsoleContext, ConsolePage } from './console-context.js';
import { button, focusBack, h, replaceChildren, row, table, uniqueId } from './dom.js';
import { ago } from './format.js';
import { presenceLabel } from './presence-label.js';
import { messageOf } from './refusal-view.js';
import { refreshWhileVisible } from './refresh-while-visible.js';

/** How often the table is read again while shown: widgets report every 30 s, so 15 s shows a change within 45 s. */
const REFRESH_MS = 15_000;

const HEADERS = ['Agent id', 'Name', 'Role', 'Team', 'CRM user', 'SIP account', 'Registered now', 'Disabled', 'Actions'];

/** A manage panel to show again, with fresh data, once the table is read after an action changed its agent. */
interface Reopen {
  readonly id: string;
  readonly opener: HTMLElement | null;
  /** The panel count when the action finished: if the admin has opened another panel since, it is left alone. */
  readonly shownAt: number;
}

/**
 * Agents: a table of every agent with its SIP account and whether its widget is registered right now (read again every
 * 15 s while the tab is visible; an answer to an older read is dropped), a form to create one, and per agent a panel
 * to edit it and run its actions. Sign-in keys and generated SIP passwords go to the console's secret dialog and are
 * never kept. Closing a panel puts focus back on the button that opened it.
 */
export const renderAgentsPage: ConsolePage = (root, ctx) => {
  let agents: AgentView[] = [];
  let disposed = false;
  let request = 0;
  let panelShown = 0;
  let reopen: Reopen | null = null;
  const panel = h('div', { class: 'panel-slot' });
  const grid = table('Agents', HEADERS, { captionHidden: true });
  const updated = h('p', { class: 'muted small' });
  const heading = h('h1', { text: 'Agents', attrs: { tabindex: '-1' } });
  const createButton = button('Create agent', () => openCreate(), { class: 'primary', attrs: { 'data-focus-key': 'create-agent' } });

  const load = async (): Promise<void> => {
    const mine = ++request;
    try {
      const answer = await ctx.api.get<{ agents: AgentView[] }>('/api/v1/admin/agents');
      if (disposed || mine !== request) return;
      agents = answer.agents;
      renderRows();
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s.`;
      const again = reopen;
      reopen = null;
      if (again && again.shownAt === panelShown && agents.some((a) => a.id === again.id)) openManage(again.id, again.opener, 'keep');
    } catch (error) {
      if (!disposed && mine === request) ctx.notify(messageOf(error), 'error');
    }
  };

  const renderRows = () => {
    // A refresh must not throw the keyboard user out of the table: the focused button is focused again.
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && grid.body.contains(active) ? active : null;
    if (agents.length === 0) {
      replaceChildren(grid.body, h('tr', {}, h('td', { class: 'empty', text: 'No agents yet: create the first one.', attrs: { colspan: String(HEADERS.length) } })));
      return;
    }
    replaceChildren(grid.body, ...agents.map(agentRow));
    if (focused) focusBack(focused);
  };

  const agentRow = (agent: AgentView) => {
    const presence = presenceLabel(agent.presence);
    const manage = button('Manage', () => openManage(agent.id, manage, 'heading'), {
      attrs: { 'aria-label': `Manage ${agent.id}`, 'data-agent': agent.id, 'data-focus-key': `manage:${agent.id}` },
    });
    return row(
      [
        h('code', { text: agent.id }),
        agent.name,
        agent.role === 'admin' ? 'Admin' : 'Agent',
        agent.team ?? '—',
        agent.crmUserId ?? '—',
        agent.sip ? h('span', {}, h('code', { text: agent.sip.aor }), ` (${agent.sip.kind})`) : 'None',
        h('span', { class: `presence presence-${presence.state}` }, h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }), presence.text),
        agent.disabled ? h('span', { class: 'badge badge-off', text: 'Disabled' }) : 'No',
        manage,
      ],
      { attrs: { 'data-agent-row': agent.id }, class: agent.disabled ? 'is-disabled' : undefined },
    );
  };

  /** `heading`: focus the panel's heading (it was just opened); `keep`: a re-render keeps focus on the same control. */
  const showInPanel = (content: HTMLElement | null, focus: 'heading' | 'keep') => {
    panelShown += 1;
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && panel.contains(active) ? active : null;
    replaceChildren(panel, content);
    const panelHeading = content?.querySelector<HTMLElement>('h2');
    if (focus === 'heading') panelHeading?.focus();
    else if (focused) focusBack(focused, panelHeading);
  };

  const closePanel = (opener: HTMLElement | null) => {
    showInPanel(null, 'keep');
    focusBack(opener, heading);
  };

  const openCreate = () =>
    showInPanel(
      agentForm({
        mode: 'create',
        ctx,
        onCancel: () => closePanel(createButton),
        onSaved: ({ agent, signInKey }) => {
          ctx.revealSecret({
            title: `Sign-in key for ${agent.id}`,
            label: 'Sign-in key',
            secret: signInKey ?? '',
            warning: 'Shown only this once: copy it now and give it to the agent privately. It cannot be shown again; if it is lost, make a new one.',
            opener: createButton,
          });
          ctx.notify(`Agent ${agent.id} created.`);
          closePanel(createButton);
          void load();
        },
      }),
      'heading',
    );

  const openManage = (id: string, opener: HTMLElement | null, focus: 'heading' | 'keep') => {
    const agent = agents.find((a) => a.id === id);
    if (!agent) return;
    showInPanel(managePanel(agent, ctx, {
      onChanged: () => {
        reopen = { id, opener, shownAt: panelShown };
        void load();
      },
      onDeleted: () => {
        closePanel(createButton);
        void load();
      },
      onClose: () => closePanel(opener),
      onSaved: (saved) => {
        ctx.notify(`Changes to ${saved.id} saved.`);
        closePanel(opener);
        void load();
      },
    }), focus);
  };

  root.append(h('div', { class: 'page-head' }, heading, createButton), panel, h('div', { class: 'table-wrap' }, grid.table), updated);
  void load();
  const stopRefresh = refreshWhileVisible(() => void load(), REFRESH_MS);
  return () => {
    disposed = true;
    stopRefresh();
  };
};

/** One agent's panel: who it is, its widgets right now, its actions and the edit form. */
function managePanel(
  agent: AgentView,
  ctx: ConsoleContext,
  events: Parameters<typeof agentActions>[2] & { readonly onClose: () => void; readonly onSaved: (agent: AgentView) => void },
): HTMLElement {
  const headingId = uniqueId('manage');
  const widgets = agent.presence?.widgets ?? [];
  return h(
    'section',
    { class: 'panel manage', attrs: { 'aria-labelledby': headingId } },
    h('div', { class: 'page-head' }, h('h2', { text: `${agent.name} (${agent.id})`, attrs: { id: headingId, tabindex: '-1' } }), button('Close', events.onClose)),
    widgets.length > 0
      ? h('ul', { class: 'widgets' }, ...widgets.map((w) => h('li', { text: `Widget on ${w.host}: ${w.registration}, heard from ${ago(w.lastSeenAt)}` })))
      : h('p', { class: 'muted', text: 'No widget of this agent is running right now.' }),
    agentActions(agent, ctx, events),
    agentForm({ mode: 'edit', agent, ctx, onCancel: events.onClose, onSaved: ({ agent: saved }) => events.onSaved(saved) }),
  );
}
