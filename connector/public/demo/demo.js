// The demo CRM's page. Everything from the server is inserted with textContent, never as HTML: CRM fields are
// user-typed and this page must not run them.
//
// It embeds the softphone the way any web page can (the script tag in index.html): each dialable number is a tel:
// link inside the record's element, which carries data-crm-object-type / data-crm-record-id / data-crm-record-name,
// so a click dials through the widget and the call is logged to this record. When a call of this record ends or is
// wrapped up, the page reloads the record's timeline until the connector has delivered the activity.

const list = document.getElementById('record-list');
const panel = document.getElementById('record');
const form = document.getElementById('search');

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body;
}

async function loadList() {
  const params = new URLSearchParams();
  const q = form.q.value.trim();
  if (q) params.set('q', q);
  if (form.type.value) params.set('type', form.type.value);
  try {
    const { records } = await getJson(`/demo/api/records?${params}`);
    list.replaceChildren(
      ...records.map((r) =>
        el('li', {}, el('a', { href: `#/${r.objectType}/${encodeURIComponent(r.id)}`, 'data-id': r.id },
          el('span', { text: r.name }), el('span', { class: 'kind', text: r.objectType }))),
      ),
    );
    if (records.length === 0) list.replaceChildren(el('li', { class: 'empty', text: 'No records match.' }));
    markCurrent();
  } catch (error) {
    list.replaceChildren(el('li', { class: 'why', text: `Could not load records: ${error.message}` }));
  }
}

function markCurrent() {
  const current = location.hash.split('/')[2];
  for (const a of list.querySelectorAll('a')) {
    if (a.dataset.id === decodeURIComponent(current ?? '')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** RFC 3966 form of a resolved number, the extension as `;ext=`, so the widget dials exactly what this row shows. */
function telHref(target) {
  if (!target?.e164) return null;
  return `tel:${target.e164}${target.extension ? `;ext=${target.extension}` : ''}`;
}

function storedNumberCell(entry) {
  const href = entry.dialable ? telHref(entry.target) : null;
  if (!href) return el('td', { text: entry.value });
  return el('td', {}, el('a', { href, class: 'dial', title: 'Call with the softphone', text: entry.value }));
}

function verdictCell(entry) {
  if (entry.dialable) return el('td', {}, el('span', { class: 'badge ok', text: 'Can call' }));
  const why = entry.problem?.message ?? entry.policy?.reason ?? 'Cannot be dialled.';
  return el('td', {}, el('span', { class: 'badge refused', text: entry.problem ? 'Unusable' : 'Refused' }),
    el('div', { class: 'why', text: why }));
}

function numbersTable(numbers) {
  if (numbers.length === 0) return el('p', { class: 'empty', text: 'This record has no phone numbers.' });
  const head = el('tr', {}, ...['Field', 'As stored', 'Number', 'SIP URI', 'Extension (DTMF)', 'Policy']
    .map((h) => el('th', { scope: 'col', text: h })));
  const rows = numbers.map((n) =>
    el('tr', { 'data-field': n.field },
      el('td', { text: n.label }),
      storedNumberCell(n),
      el('td', { text: n.target?.display ?? '—' }),
      el('td', {}, n.target ? el('code', { class: 'sip-uri', text: n.target.sipUri }) : el('span', { text: '—' })),
      el('td', { text: n.target?.extension ?? '—' }),
      verdictCell(n)));
  return el('table', { class: 'numbers' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

function timeline(activities) {
  if (activities.length === 0) return el('p', { class: 'empty', text: 'No calls logged yet.' });
  return el('ol', { class: 'timeline' }, ...activities.map((a) =>
    el('li', {},
      el('strong', { text: a.subject }),
      el('div', { text: `${a.direction} · ${a.result} · ${a.durationSeconds}s · ${new Date(a.occurredAt).toLocaleString()}` }),
      a.disposition ? el('div', { text: `Disposition: ${a.disposition}` }) : null,
      a.notes ? el('div', { text: a.notes }) : null)));
}

/** The record on screen, so call events of other records do not reload it. */
let shown = null;

function timelineSection(activities) {
  return el('div', { id: 'timeline', 'aria-live': 'polite' }, timeline(activities));
}

async function reloadTimeline(record) {
  const { activities } = await getJson(`/demo/api/records/${record.objectType}/${encodeURIComponent(record.id)}`);
  if (shown !== record) return null;
  document.getElementById('timeline')?.replaceWith(timelineSection(activities));
  return activities;
}

/** The activity of one call: the connector keys it `<agent id>:<SIP Call-ID>`. */
function activityOf(activities, callId) {
  return activities.find((a) => a.id === callId || a.id.endsWith(`:${callId}`)) ?? null;
}

// The connector logs a call a moment after it ends (the outbox batches), so one reload is not enough: reload with
// growing pauses, for about half a minute, until the call's activity shows (with the wrap-up, once there is one).
const WATCH_PAUSES_MS = [300, 700, 1000, 2000, 4000, 8000, 15000];
const watches = new Map();

async function watchCall(record, callId, wrapUp) {
  const run = (watches.get(callId) ?? 0) + 1;
  watches.set(callId, run);
  for (const pause of WATCH_PAUSES_MS) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    if (watches.get(callId) !== run || shown !== record) return;
    const activities = await reloadTimeline(record).catch(() => null);
    const activity = activities && activityOf(activities, callId);
    if (activity && (!wrapUp || (activity.disposition === wrapUp.disposition && activity.notes === wrapUp.notes))) break;
  }
  if (watches.get(callId) === run) watches.delete(callId);
}

window.addEventListener('clicktocall:call', (event) => {
  const call = event.detail;
  if (!shown || !call) return;
  const record = call.record ?? null;
  if (record && (record.objectType !== shown.objectType || record.id !== shown.id)) return;
  if (call.type === 'ended') void watchCall(shown, call.call.callId, null);
  if (call.type === 'logged') void watchCall(shown, call.callId, null);
  if (call.type === 'completed') {
    const wrapUp = call.disposition !== null || call.notes !== null ? { disposition: call.disposition, notes: call.notes } : null;
    void watchCall(shown, call.call.callId, wrapUp);
  }
});

async function showRecord(objectType, id) {
  shown = null;
  panel.replaceChildren(el('p', { class: 'empty', text: 'Loading…' }));
  try {
    const [{ record, activities }, { numbers }] = await Promise.all([
      getJson(`/demo/api/records/${objectType}/${encodeURIComponent(id)}`),
      getJson(`/demo/api/records/${objectType}/${encodeURIComponent(id)}/numbers`),
    ]);
    shown = { objectType: record.objectType, id: record.id };
    panel.replaceChildren(
      el('article', { 'data-crm-object-type': record.objectType, 'data-crm-record-id': record.id, 'data-crm-record-name': record.name },
      el('h2', { text: record.name }),
      el('p', {},
        el('span', { class: 'badge', text: record.objectType }), ' ',
        record.company ? el('span', { text: `${record.company} · ` }) : null,
        el('span', { text: record.country ?? '' }), ' ',
        record.doNotCall ? el('span', { class: 'badge dnc', text: 'Do Not Call' }) : null),
      el('h3', { text: 'Phone numbers' }),
      numbersTable(numbers),
      el('h3', { text: 'Activity timeline' }),
      timelineSection(activities)));
  } catch (error) {
    panel.replaceChildren(el('p', { class: 'why', text: `Could not open the record: ${error.message}` }));
  }
  markCurrent();
}

function route() {
  const [, objectType, id] = location.hash.split('/');
  if (objectType && id) void showRecord(objectType, decodeURIComponent(id));
}

form.addEventListener('submit', (event) => { event.preventDefault(); void loadList(); });
form.q.addEventListener('input', () => void loadList());
form.type.addEventListener('change', () => void loadList());
window.addEventListener('hashchange', route);
void loadList();
route();
