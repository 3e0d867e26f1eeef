/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { foldPendingCalls } from '../../connector/src/outbox/call-folder.js';
import { REPO_ROOT } from '../../connector/src/paths.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { launchChromium } from './chromium.js';
import { CONSOLE_ADMIN_TOKEN, startConsoleConnector, type ConsoleConnector } from './support/console-connector.js';
import { AGENTS, DELETED, FROM, LABELS, RANGE_END, RANGE_START, REFUSALS, TO, eventsOf, expected, seedCalls, type SeededCall } from './support/usage-seed.js';

describe('admin console usage dashboard in Chromium', function () {
  this.timeout(60_000);
  const all = seedCalls();
  const inRange = all.filter((c) => c.startMs >= RANGE_START && c.startMs < RANGE_END);
  const teamOf = (agentId: string) => (agentId === DELETED ? null : (AGENTS.find((a) => a.id === agentId)?.team ?? null));
  let store: SqliteStore;
  let connector: ConsoleConnector;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    store = SqliteStore.open(':memory:');
    for (const agent of AGENTS) {
      await store.createAgent({ id: agent.id, name: agent.name, team: agent.team, crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    }
    await store.appendCallEvents(all.flatMap(eventsOf), Date.now());
    // A call still ringing: not ended, so not counted anywhere.
    await store.appendCallEvents([{ eventId: 'open-1', callId: 'call-open', agentId: 'ana', occurredAt: '2025-03-05T10:30:00Z', type: 'dialing', direction: 'outbound', from: 'sip:ana@pbx.demo.test', to: '+14155550100', record: null }], Date.now());
    await foldPendingCalls({ store, ownerCrmId: async () => null, now: () => Date.now() });
    await store.deleteAgent(DELETED);
    for (const refusal of REFUSALS) await store.recordRefusal({ agentId: refusal.agentId, code: refusal.code, at: Date.parse(refusal.at) });
    [connector, browser] = await Promise.all([startConsoleConnector({ store }), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await connector?.close();
    await store?.close();
  });

  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'the page logged no errors');
  });

  const tile = (name: string) => page.locator(`[data-tile="${name}"] .usage-tile-value`);
  const agentRows = () =>
    page.locator('.usage-agent-table tbody tr').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-agent'), row.children[2]?.textContent]));

  async function tilesShow(calls: readonly SeededCall[]): Promise<void> {
    const want = expected(calls);
    await page.locator('[data-tile="calls"] .usage-tile-value', { hasText: new RegExp(`^${want.calls}$`) }).waitFor();
    assert.equal(await page.locator('[data-tile="calls"] .usage-tile-note').textContent(), want.split);
    assert.deepEqual(
      await Promise.all(['answered', 'no-answer', 'busy', 'failed', 'talk', 'aht', 'average-talk'].map((name) => tile(name).textContent())),
      [want.answered, want.noAnswer, want.busy, want.failed, want.talk, want.aht, want.averageTalk],
    );
  }

  it('shows the totals, busiest hour, agents and refusals of a range, with charts drawn that follow the window width', async () => {
    await page.goto(`${connector.baseUrl}/admin/#/usage?from=${FROM}&to=${TO}&tz=UTC`);
    await page.locator('input[name="secret"]').fill(CONSOLE_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor();
    assert.equal(await page.getByLabel('From', { exact: true }).inputValue(), FROM);
    assert.equal(await page.getByLabel('Time zone', { exact: true }).inputValue(), 'UTC');

    await tilesShow(inRange);
    await page.getByText(expected(inRange).busiest, { exact: true }).waitFor();

    const perAgent = AGENTS.map((a) => [a.id, String(inRange.filter((c) => c.agentId === a.id).length)] as const);
    assert.deepEqual((await agentRows()).sort(), perAgent.map(([id, n]) => [id, n]).sort());
    const deletedRow = page.locator(`.usage-agent-table tr[data-agent="${DELETED}"] th`);
    assert.equal(await deletedRow.textContent(), `${DELETED}deleted agent`, 'a deleted agent shows by its id');

    const refusals = page.getByRole('table', { name: 'Refused dials by reason' });
    const rows = await refusals.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((cell) => cell.textContent)));
    const counted = new Map<string, number>();
    for (const r of REFUSALS) if (Date.parse(r.at) < RANGE_END) counted.set(r.code, (counted.get(r.code) ?? 0) + 1);
    assert.deepEqual(
      rows.sort(),
      [...counted].map(([code, count]) => [LABELS[code] ?? code, code, String(count)]).sort(),
      'refusals by label, unknown codes as they are',
    );

    await page.locator('.usage-chart-plot canvas').nth(2).waitFor();
    // Pixels of each series colour per chart (no named functions in here: the test runner's transform would add a helper).
    const inks = await page.locator('.usage-chart-plot canvas').evaluateAll((canvases) =>
      canvases.map((canvas) => {
        const c = canvas as HTMLCanvasElement;
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const colours = { green: [0, 158, 115], vermillion: [213, 94, 0], blue: [0, 114, 178] };
        const hits = { width: c.width, height: c.height, green: 0, vermillion: 0, blue: 0 };
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! < 200) continue;
          for (const [name, rgb] of Object.entries(colours)) {
            if (rgb.every((v, k) => Math.abs(data[i + k]! - v) <= 6)) hits[name as keyof typeof colours] += 1;
          }
        }
        return hits;
      }),
    );
    assert.equal(inks.length, 3, 'three charts');
    for (const ink of inks) assert.ok(ink.width > 300 && ink.height > 100, `a chart has a real size: ${JSON.stringify(ink)}`);
    assert.ok(inks[0]!.green > 100 && inks[0]!.vermillion > 10, `calls per day drew answered and failed bars: ${JSON.stringify(inks[0])}`);
    assert.ok(inks[1]!.vermillion > 50 && inks[1]!.blue > 100, `busiest hours drew the peak and the other hours: ${JSON.stringify(inks[1])}`);
    assert.ok(inks[2]!.blue > 100, `talk time drew its line: ${JSON.stringify(inks[2])}`);

    const firstChart = page.locator('.usage-chart-plot canvas').first();
    const wide = await firstChart.evaluate((c) => c.getBoundingClientRect().width);
    await page.setViewportSize({ width: 900, height: 1000 });
    await page.waitForFunction((before) => document.querySelector('.usage-chart-plot canvas')!.getBoundingClientRect().width < before - 200, wide);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.waitForFunction((before) => document.querySelector('.usage-chart-plot canvas')!.getBoundingClientRect().width === before, wide);

    mkdirSync(path.join(REPO_ROOT, 'test-output'), { recursive: true });
    const shot = path.join(REPO_ROOT, 'test-output', 'admin-dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`      dashboard screenshot: ${shot}`);
  });

  it('filters by team, keeps the filter in the link across a reload, and sorts the agents', async () => {
    await page.getByLabel('Team', { exact: true }).selectOption('Support');
    const support = inRange.filter((c) => teamOf(c.agentId) === 'Support');
    await tilesShow(support);
    assert.match(page.url(), /[#&?]team=Support(&|$)/);
    assert.deepEqual((await agentRows()).map(([id]) => id).sort(), ['cleo', 'dev']);

    await page.reload();
    await tilesShow(support);
    assert.equal(await page.getByLabel('Team', { exact: true }).inputValue(), 'Support');

    await page.getByLabel('Team', { exact: true }).selectOption('');
    await tilesShow(inRange);

    await page.getByText('Agents: all').click();
    assert.equal(await page.getByLabel('eve', { exact: true }).count(), 1, 'a deleted agent with calls is offered by its id');
    await page.getByLabel('Ana Lima (ana)').check();
    await tilesShow(inRange.filter((c) => c.agentId === 'ana'));
    assert.match(page.url(), /[#&?]agent=ana(&|$)/);
    await page.getByRole('button', { name: 'All agents' }).click();
    await tilesShow(inRange);
    await page.getByText('Agents: all').click();
    const header = page.locator('.usage-agent-table thead th', { hasText: 'Agent' }).first();
    await header.getByRole('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    assert.deepEqual((await agentRows()).map(([id]) => id), ['ana', 'ben', 'cleo', 'dev', 'eve']);
  });

  it('exports the calls of the range as CSV through a short-lived link the browser downloads itself, one row per seeded call', async () => {
    const asked = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/admin/exports/calls'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export calls (CSV)' }).click()]);
    assert.deepEqual((await asked).postDataJSON(), { from: FROM, to: TO, tz: 'UTC' }, 'the link is asked for with the filters shown');
    assert.match(download.url(), /\/api\/v1\/admin\/exports\/calls\.csv\?ticket=[^&]+$/, 'the browser fetched the file from the link, not the page');
    assert.equal(download.suggestedFilename(), `calls-${FROM}-to-${TO}.csv`);
    const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    const column = (name: string) => header.indexOf(name);
    const rows = lines.slice(1).map((line) => line.split(','));
    assert.deepEqual(
      rows.map((r) => [r[column('call_id')], r[column('agent_id')], r[column('result')], r[column('talk_seconds')]]).sort(),
      inRange.map((c) => [c.callId, c.agentId, c.outcome, String(c.outcome === 'answered' ? c.talkSeconds : 0)]).sort(),
    );
  });

  it('says when the dates are reversed, notes that a long range has no per-day table, and shows an empty range', async () => {
    const from = page.getByLabel('From', { exact: true });
    const to = page.getByLabel('To', { exact: true });
    await from.fill('2025-03-10');
    await page.getByRole('alert').filter({ hasText: 'The From date must be on or before the To date.' }).waitFor();
    assert.equal(await from.getAttribute('aria-invalid'), 'true');

    await from.fill('2025-01-01');
    await tilesShow(all.filter((c) => c.startMs < RANGE_END));
    assert.match(page.url(), /from=2025-01-01&to=2025-03-09/);
    await page.getByText('Calls per agent per day are shown for ranges of up to 31 days: narrow the range, or export the calls as CSV.').waitFor();

    await to.fill('2025-01-07');
    await page.getByText('No calls in this range.', { exact: true }).waitFor();
    assert.equal(await page.locator('.usage-chart-plot canvas').count(), 0, 'no empty charts');
    assert.equal(await page.getByLabel('Team', { exact: true }).isEnabled(), true, 'the filters stay usable');
  });

  it('opens a link whose date is no date on the default range, saying so; choosing Usage again starts afresh', async () => {
    await page.evaluate((to) => history.replaceState(null, '', `#/usage?from=2025-13-01&to=${to}&tz=UTC&team=Support`), TO);
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'from=2025-13-01 is not a date' }).waitFor();
    assert.equal(await page.getByLabel('From', { exact: true }).inputValue(), FROM, 'the From date falls back to 7 days ending on the To date');
    await tilesShow(inRange.filter((c) => teamOf(c.agentId) === 'Support'));
    assert.match(page.url(), new RegExp(`from=${FROM}&to=${TO}&tz=UTC&team=Support$`), 'the link now says what is shown');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Usage' }).click();
    const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()));
    const weekBefore = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    await page.waitForFunction((from) => location.hash.includes(`from=${from}&`), weekBefore);
    assert.equal(await page.getByLabel('From', { exact: true }).inputValue(), weekBefore);
    assert.equal(await page.getByLabel('To', { exact: true }).inputValue(), today);
    assert.equal(await page.getByLabel('Team', { exact: true }).inputValue(), '', 'every team again');
  });

  it('closes the agent list with Escape, leaving focus on it', async () => {
    const summary = page.getByText('Agents: all');
    await summary.click();
    await page.getByRole('button', { name: 'All agents' }).focus();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('details.usage-agent-picker').evaluate((node) => (node as HTMLDetailsElement).open), false);
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY');
  });
});
