import type { ConsoleContext, ConsolePage } from '../console-context.js';
import { agentTable } from './usage-agent-table.js';
import type { ChartFrame } from './usage-chart-frame.js';
import { busiestHoursChart, callsPerDayChart, talkTimeChart } from './usage-charts.js';
import { startDownload } from '../download-link.js';
import { h } from '../dom.js';
import { messageOf } from '../refusal-view.js';
import { filterForm, type AgentChoice, type FilterFormView } from './usage-filter-form.js';
import { USAGE_ROUTE, filtersFromHash, filtersHash, filtersQuery, type UsageFilters } from './usage-filters.js';
import { daysBetween } from './usage-format.js';
import type { UsageReport } from './usage-report.js';
import { agentDayTable, refusalTable } from './usage-tables.js';
import { usageTiles } from './usage-tiles.js';
import './usage.css';

/** One agent as `GET /api/v1/admin/agents` lists it; the usage page needs only these fields. */
interface ListedAgent {
  readonly id: string;
  readonly name: string;
  readonly team: string | null;
}

/**
 * The usage dashboard (`#/usage`): how calling goes over a date range, for a contact-centre manager. Filters live in
 * the hash so a view can be shared and survives a reload; every change reloads at once, the last answer wins (an
 * answer to an older choice is dropped). A link whose filters cannot be used (a date that is no date) opens the
 * defaults and says so. Figures come from `GET /api/v1/admin/usage`; the export asks `POST /api/v1/admin/exports/calls`
 * for a short-lived link to the CSV of the same filters and lets the browser download it. The returned function frees
 * the charts and drops late answers.
 */
export const renderUsagePage: ConsolePage = (root, ctx) => {
  const asked = filtersFromHash(location.hash);
  let filters = asked.filters;
  if (asked.ignored.length > 0) ctx.notify(`This link’s filters were not all usable (${asked.ignored.join('; ')}): the defaults are shown in their place.`, 'error');
  let disposed = false;
  let charts: ChartFrame[] = [];
  let request = 0;
  const agents = new Map<string, AgentChoice>();
  const teams = new Set<string>();

  const status = h('p', { class: 'usage-status', attrs: { role: 'status' } });
  const body = h('div', { class: 'usage-body' });
  const exportButton = h('button', { class: 'usage-export', text: 'Export calls (CSV)', attrs: { type: 'button' } });
  const page = h('section', { class: 'usage-page', attrs: { 'aria-labelledby': 'usage-heading' } });
  let form = newForm();
  page.append(h('div', { class: 'page-head' }, h('h1', { text: 'Usage', attrs: { id: 'usage-heading' } }), exportButton), form.element, status, body);
  root.append(page);

  function newForm(): FilterFormView {
    return filterForm(filters, (next) => {
      filters = next;
      history.replaceState(history.state, '', filtersHash(filters));
      void load();
    });
  }

  function offerChoices(): void {
    form.setChoices([...agents.values()], [...teams]);
  }

  async function load(): Promise<void> {
    const mine = ++request;
    page.classList.add('usage-loading');
    body.setAttribute('aria-busy', 'true');
    status.textContent = 'Loading usage…';
    try {
      const report = await ctx.api.get<UsageReport>(`/api/v1/admin/usage?${filtersQuery(filters)}`);
      if (disposed || mine !== request) return;
      learnAgents(report);
      show(report);
      status.textContent = describeRange(filters);
    } catch (error) {
      if (disposed || mine !== request) return;
      status.textContent = 'The usage could not be loaded.';
      ctx.notify(messageOf(error), 'error');
    } finally {
      if (!disposed && mine === request) {
        page.classList.remove('usage-loading');
        body.removeAttribute('aria-busy');
      }
    }
  }

  async function loadAgents(): Promise<void> {
    try {
      const listed = await ctx.api.get<{ agents: readonly ListedAgent[] }>('/api/v1/admin/agents');
      if (disposed) return;
      for (const agent of listed.agents) {
        agents.set(agent.id, { id: agent.id, name: agent.name, team: agent.team });
        if (agent.team) teams.add(agent.team);
      }
      offerChoices();
    } catch (error) {
      if (!disposed) ctx.notify(messageOf(error), 'error');
    }
  }

  /** Agents deleted since still show in usage: offer them (by id) in the filter too. */
  function learnAgents(report: UsageReport): void {
    let learned = false;
    for (const agent of report.byAgent) {
      if (!agents.has(agent.agentId)) {
        agents.set(agent.agentId, { id: agent.agentId, name: agent.name, team: agent.team });
        learned = true;
      }
      if (agent.team && !teams.has(agent.team)) {
        teams.add(agent.team);
        learned = true;
      }
    }
    if (learned) offerChoices();
  }

  function show(report: UsageReport): void {
    freeCharts();
    if (report.totals.calls === 0) {
      body.replaceChildren(
        h('p', { class: 'usage-empty', text: 'No calls in this range.' }),
        ...(report.refusals.length > 0 ? [section('Refused dials', refusalTable(report))] : []),
      );
      return;
    }
    charts = [callsPerDayChart(report.byDay), busiestHoursChart(report.byHour), talkTimeChart(report.byDay)];
    body.replaceChildren(
      usageTiles(report.totals),
      h('div', { class: 'usage-charts' }, ...charts.map((chart) => chart.element)),
      section('Agents', agentTable(report.byAgent)),
      section('Calls per agent per day', agentDayTable(report, filters)),
      section('Refused dials', refusalTable(report)),
    );
  }

  function freeCharts(): void {
    for (const chart of charts) chart.dispose();
    charts = [];
  }

  /** A hash edited by hand (or a shared link opened on this page) shows its filters without a reload. */
  const onHashChange = () => {
    if (!location.hash.startsWith(USAGE_ROUTE)) return;
    const { filters: next, ignored } = filtersFromHash(location.hash);
    if (ignored.length > 0) ctx.notify(`This link’s filters were not all usable (${ignored.join('; ')}): the defaults are shown in their place.`, 'error');
    if (filtersQuery(next) === filtersQuery(filters)) return;
    filters = next;
    // A bare `#/usage` (the navigation link) shows the defaults; the hash then says which they are, to share.
    history.replaceState(history.state, '', filtersHash(filters));
    const fresh = newForm();
    form.element.replaceWith(fresh.element);
    form = fresh;
    offerChoices();
    void load();
  };
  window.addEventListener('hashchange', onHashChange);

  exportButton.addEventListener('click', () => void exportCalls(ctx, filters, exportButton));

  history.replaceState(history.state, '', filtersHash(filters));
  void loadAgents();
  void load();

  return () => {
    disposed = true;
    window.removeEventListener('hashchange', onHashChange);
    freeCharts();
  };
};

/** `POST /api/v1/admin/exports/calls`: a link valid for a minute that downloads the CSV without a bearer. */
interface ExportLink {
  readonly url: string;
  readonly expiresAt: string;
}

async function exportCalls(ctx: ConsoleContext, filters: UsageFilters, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const body = {
      from: filters.from,
      to: filters.to,
      tz: filters.timeZone,
      ...(filters.agents.length > 0 ? { agent: [...filters.agents] } : {}),
      ...(filters.team === null ? {} : { team: filters.team }),
    };
    const link = await ctx.api.send<ExportLink>('POST', '/api/v1/admin/exports/calls', body);
    startDownload(link.url);
    ctx.notify('The export has started: your browser saves the CSV file as it arrives.');
  } catch (error) {
    ctx.notify(messageOf(error), 'error');
  } finally {
    button.disabled = false;
  }
}

function section(title: string, content: HTMLElement): HTMLElement {
  return h('section', { class: 'usage-section' }, h('h2', { text: title }), content);
}

/** `7 days, 2026-11-02 to 2026-11-08, UTC`: what the figures cover. */
function describeRange(filters: UsageFilters): string {
  const days = daysBetween(filters.from, filters.to);
  const span = days === 1 ? filters.from : `${filters.from} to ${filters.to}`;
  return `${days} ${days === 1 ? 'day' : 'days'}, ${span}, ${filters.timeZone}`;
}
