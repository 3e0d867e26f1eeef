import { h, uniqueId } from '../dom.js';
import { MAX_DAYS, isDate, type UsageFilters } from './usage-filters.js';
import { daysBetween } from './usage-format.js';

/** An agent the filter offers: from the agents list, or only an id for one deleted since it made calls. */
export interface AgentChoice {
  readonly id: string;
  readonly name: string | null;
  readonly team: string | null;
}

export interface FilterFormView {
  readonly element: HTMLFormElement;
  /** Offers these agents and teams (the current choices stay chosen and offered even when missing here). */
  setChoices(agents: readonly AgentChoice[], teams: readonly string[]): void;
}

/**
 * The usage filters: From / To dates, time zone, team and agents. Each change that leaves valid filters calls
 * `onChange` at once (there is no Apply button); a missing or reversed date is said next to the dates instead.
 * The agent list opens from its summary and closes with it or with Escape.
 */
export function filterForm(initial: UsageFilters, onChange: (filters: UsageFilters) => void): FilterFormView {
  let current = initial;
  const from = dateInput(initial.from);
  const to = dateInput(initial.to);
  const timeZone = h('select', { attrs: { id: uniqueId('tz') } });
  for (const zone of timeZones(initial.timeZone)) timeZone.append(new Option(zone, zone, false, zone === initial.timeZone));
  const team = h('select', { attrs: { id: uniqueId('team') } });
  const agentSummary = h('summary', {});
  const agentList = h('div', { class: 'usage-agent-list' });
  const allAgents = h('button', { text: 'All agents', attrs: { type: 'button' } });
  const agents = h('details', { class: 'usage-agent-picker' }, agentSummary, h('fieldset', {}, h('legend', { text: 'Agents' }), allAgents, agentList));
  const problem = h('p', { class: 'usage-filter-problem', attrs: { role: 'alert' } });
  const form = h(
    'form',
    { class: 'usage-filters', attrs: { role: 'search', 'aria-label': 'Usage filters' } },
    field('From', from),
    field('To', to),
    field('Time zone', timeZone),
    field('Team', team),
    h('div', { class: 'usage-field' }, agents),
    problem,
  );

  let known = new Map<string, AgentChoice>();
  const labelOf = (id: string) => known.get(id)?.name ?? id;

  const chosenAgents = (): string[] =>
    [...agentList.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((box) => box.checked).map((box) => box.value);

  const summarise = () => {
    const n = current.agents.length;
    agentSummary.textContent = n === 0 ? 'Agents: all' : n === 1 ? `Agents: ${labelOf(current.agents[0]!)}` : `Agents: ${n} chosen`;
  };

  const read = (): UsageFilters | null => {
    const range = dateProblem(from.value, to.value);
    problem.textContent = range ?? '';
    const fromBad = !isDate(from.value);
    const toBad = !isDate(to.value);
    const orderBad = range !== null && !fromBad && !toBad;
    from.setAttribute('aria-invalid', String(fromBad || orderBad));
    to.setAttribute('aria-invalid', String(toBad || orderBad));
    if (range !== null) return null;
    return { from: from.value, to: to.value, timeZone: timeZone.value, agents: chosenAgents(), team: team.value === '' ? null : team.value };
  };

  const changed = () => {
    const next = read();
    if (next === null) return;
    current = next;
    summarise();
    onChange(next);
  };

  form.addEventListener('change', changed);
  // Escape closes the open agent list, as it closes any popup, and leaves focus on its summary.
  agents.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !agents.open) return;
    event.preventDefault();
    agents.open = false;
    agentSummary.focus();
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  allAgents.addEventListener('click', () => {
    for (const box of agentList.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) box.checked = false;
    changed();
  });

  const setChoices = (choices: readonly AgentChoice[], teams: readonly string[]) => {
    known = new Map(choices.map((choice) => [choice.id, choice]));
    for (const id of current.agents) if (!known.has(id)) known.set(id, { id, name: null, team: null });
    const sorted = [...known.values()].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id) || a.id.localeCompare(b.id));
    agentList.replaceChildren(
      ...sorted.map((choice) => {
        const box = h('input', { attrs: { type: 'checkbox', value: choice.id } });
        box.checked = current.agents.includes(choice.id);
        const text = choice.name === null ? choice.id : `${choice.name} (${choice.id})`;
        return h('label', { class: 'usage-agent-choice' }, box, ` ${text}`);
      }),
    );
    const teamNames = [...new Set([...teams, ...(current.team === null ? [] : [current.team])])].sort((a, b) => a.localeCompare(b));
    team.replaceChildren(new Option('All teams', '', false, current.team === null), ...teamNames.map((name) => new Option(name, name, false, name === current.team)));
    summarise();
  };

  setChoices([], []);
  return { element: form, setChoices };
}

/** What is wrong with the dates, in words; null when they make a range the API answers. */
function dateProblem(from: string, to: string): string | null {
  if (!isDate(from) || !isDate(to)) return 'Enter both dates, From and To.';
  if (from > to) return 'The From date must be on or before the To date.';
  if (daysBetween(from, to) > MAX_DAYS) return `Choose at most ${MAX_DAYS} days.`;
  return null;
}

function dateInput(value: string): HTMLInputElement {
  const input = h('input', { attrs: { type: 'date', id: uniqueId('date'), required: '' } });
  input.value = value;
  return input;
}

function field(label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'usage-field' }, h('label', { text: label, attrs: { for: control.id } }), control);
}

/** Every zone the browser knows, the chosen one first if it is an alias the list leaves out (such as `UTC`). */
function timeZones(chosen: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(chosen) ? zones : [chosen, ...zones];
}
