/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { callLegKey } from '../../connector/src/domain/call-leg-key.js';
import { foldPendingCalls } from '../../connector/src/outbox/call-folder.js';
import { finishedCall } from '../outbox/call-events.js';
import { launchChromium } from './chromium.js';
import { CONSOLE_ADMIN_TOKEN, startConsoleConnector, type ConsoleConnector } from './support/console-connector.js';

/**
 * The admin console in Debian's Chromium against the real connector: one admin's session from signing in to
 * signing out, each step checked on screen and, where it changes something, over HTTP as well.
 */
describe('admin console in Chromium', function () {
  this.timeout(60_000);
  let connector: ConsoleConnector;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const olga = newSignInKey();
  const ada = newSignInKey();
  /** Maria's sign-in key as the console showed it once, and a session of hers. */
  let mariaKey = '';
  let mariaSession = '';

  const api = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
    const response = await fetch(`${connector.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token ?? CONSOLE_ADMIN_TOKEN}`, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : null };
  };
  const signInByKey = (key: string) => api('POST', '/api/v1/auth/local', { body: { key } });
  const mariaRow = () => page.locator('tr[data-agent-row="maria"]');
  const goTo = async (label: string, heading: string) => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: label }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  before(async () => {
    connector = await startConsoleConnector();
    await connector.store.createAgent({ id: 'olga', name: 'Olga Petrova', crmUserId: null, disabled: false, tokenHash: olga.hash });
    await connector.store.createAgent({ id: 'ada', name: 'Ada Lovelace', crmUserId: null, disabled: false, role: 'admin', tokenHash: ada.hash });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    context.setDefaultTimeout(5_000);
    // The agents table refreshes every 15 s: the test moves the page's clock on instead of waiting.
    await context.clock.install();
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // Chromium logs every 4xx answer; the test provokes refusals on purpose. Any other error is the console's fault.
      if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${connector.baseUrl}/admin/`);
  });

  after(async () => {
    await browser?.close();
    await connector?.close();
  });

  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], 'the page logged no errors'));

  it('refuses a wrong admin token with the connector’s reason', async () => {
    await page.getByRole('textbox', { name: 'Admin token' }).fill('not-the-admin-token-at-all-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The connector refused this admin token: This is neither the admin token nor a session token.' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Admin token' }).inputValue(), '', 'the refused token is not left on screen');
  });

  it('refuses the sign-in key of an agent that is not an admin, saying so', async () => {
    await page.getByRole('radio', { name: 'Sign-in key of an admin agent' }).check();
    await page.getByRole('textbox', { name: 'Sign-in key' }).fill(olga.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'This agent is not an admin: Olga Petrova (olga)' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'nothing is kept for a refused sign-in');
  });

  it('signs in with the admin token, keeping it in this tab’s session storage only', async () => {
    await page.getByRole('radio', { name: 'Admin token' }).check();
    await page.getByRole('textbox', { name: 'Admin token' }).fill(CONSOLE_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in: Admin token').waitFor();
    const nav = page.getByRole('navigation', { name: 'Console' });
    assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Usage', 'Agents', 'Policy', 'Outbox', 'Audit log']);
    assert.equal(await nav.getByRole('link', { name: 'Usage' }).getAttribute('aria-current'), 'page', 'the usage page is the default');
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.match(await page.evaluate(() => Object.values(sessionStorage).join()), new RegExp(CONSOLE_ADMIN_TOKEN));
    assert.doesNotMatch(page.url(), new RegExp(CONSOLE_ADMIN_TOKEN));
  });

  it('creates an agent with a generated SIP password, shows its sign-in key once and lists it as not registered', async () => {
    await goTo('Agents', 'Agents');
    await page.getByRole('button', { name: 'Create agent' }).click();
    const form = page.getByRole('form', { name: 'New agent' });
    await form.getByLabel('Agent id', { exact: true }).fill('maria');
    await form.getByLabel('Name', { exact: true }).fill('Maria Gonzalez');
    await form.getByLabel('Team', { exact: true }).fill('Sales');
    await form.getByLabel('SIP username', { exact: true }).fill('1001');
    await form.getByLabel('WebSocket server (WSS)').fill('wss://pbx.demo.test:8443');
    await form.getByRole('button', { name: 'Generate strong password' }).click();
    const password = form.getByLabel('SIP password');
    await page.waitForFunction(() => (document.querySelector('input[name="sip.password"]') as HTMLInputElement).value.length === 24);
    assert.equal(await password.getAttribute('type'), 'text', 'the generated password is shown, to be set on the PBX too');
    await form.getByRole('button', { name: 'Create agent' }).click();

    const reveal = page.getByRole('dialog', { name: 'Sign-in key for maria' });
    await reveal.waitFor();
    await reveal.getByText('Shown only this once').waitFor();
    mariaKey = await reveal.getByLabel('Sign-in key').inputValue();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Sign-in key', 'focus is in the dialog, on the key');
    const signIn = await signInByKey(mariaKey);
    assert.equal(signIn.status, 200, 'the key shown signs Maria in');
    mariaSession = signIn.body!.token as string;
    await reveal.getByRole('button', { name: 'Done' }).click();
    await reveal.waitFor({ state: 'hidden' });
    // Input values are properties, not markup: read every field's value, not the page's HTML.
    const values = await page.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    assert.ok(!values.includes(mariaKey), 'no field holds the key once done');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Create agent', 'focus is back on the button that started it');

    await mariaRow().getByText('Not registered, no widget open').waitFor();
    assert.deepEqual((await mariaRow().locator('td').allTextContents()).slice(0, 6), ['maria', 'Maria Gonzalez', 'Agent', 'Sales', '—', 'sip:1001@pbx.demo.test (password)']);
    const { body } = await api('GET', '/api/v1/admin/agents/maria');
    assert.equal(body!.agent.sip.kind, 'password');
  });

  it('shows the agent registered once its widget reports so, at the next refresh', async () => {
    const report = await api('POST', '/api/v1/agent/presence', { token: mariaSession, body: { widgetId: 'widget-maria-1', registration: 'registered', host: 'page' } });
    assert.equal(report.status, 204);
    await page.clock.fastForward(16_000);
    await mariaRow().getByText('Registered (1 widget)').waitFor();
  });

  it('resets the SIP password and shows the new one once; the agent’s widget gets exactly that one', async () => {
    await mariaRow().getByRole('button', { name: 'Manage maria' }).click();
    await page.getByRole('button', { name: 'Reset SIP password' }).click();
    await page.getByRole('button', { name: 'Yes, reset the SIP password' }).click();
    const reveal = page.getByRole('dialog', { name: 'New SIP password for maria' });
    const shown = await reveal.getByLabel('SIP password').inputValue();
    assert.match(shown, /^[A-Za-z0-9_-]{24}$/);
    const settings = await api('GET', '/api/v1/agent/settings', { token: mariaSession });
    assert.equal(settings.body!.sip.authorizationPassword, shown);
    await reveal.getByRole('button', { name: 'Done' }).click();
    await reveal.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Reset SIP password', 'focus is back on the action, in the re-read panel');
  });

  it('disables the agent: the table says so, and its sign-in key is refused', async () => {
    await mariaRow().getByRole('button', { name: 'Manage maria' }).click();
    await page.getByRole('group', { name: 'Actions for maria' }).getByRole('button', { name: 'Disable' }).click();
    await mariaRow().getByText('Disabled').waitFor();
    await page.getByRole('group', { name: 'Actions for maria' }).getByRole('button', { name: 'Enable' }).waitFor();
    const refused = await signInByKey(mariaKey);
    assert.equal(refused.status, 403);
    assert.equal(refused.body!.error.code, 'AGENT_DISABLED');
  });

  it('shows the API’s reason for a policy it refuses, then saves one that the API reads back', async () => {
    await goTo('Policy', 'Call policy');
    await page.getByText('In effect: the connector’s configuration').waitFor();
    await page.getByLabel('Allowed countries').fill('us, zz');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('alert').filter({ hasText: 'allowedCountries' }).waitFor();
    assert.equal(await page.getByLabel('Allowed countries').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Allowed countries').fill('us, ca');
    await page.getByLabel('Block premium-rate numbers').uncheck();
    await page.getByLabel('Calls per minute').fill('5');
    await page.getByLabel('Calls per day').fill('100');
    await page.getByLabel('Concurrent calls').fill('2');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('In effect: the policy set here').waitFor();
    const { body } = await api('GET', '/api/v1/admin/policy');
    assert.equal(body!.source, 'admin');
    assert.deepEqual(body!.policy, {
      allowedCountries: ['US', 'CA'],
      blockPremiumRate: false,
      blockSharedCost: true,
      limits: { callsPerMinute: 5, callsPerDay: 100, concurrentCalls: 2 },
    });
  });

  it('replays a dead letter: it leaves the dead letters and waits for the CRM again', async () => {
    const store = connector.store;
    await store.appendCallEvents(finishedCall('c-dead', { agentId: 'maria' }), Date.now());
    await foldPendingCalls({ store, ownerCrmId: async () => null, now: Date.now });
    const leg = callLegKey('maria', 'c-dead');
    const claim = await store.claimDueOutbox({ now: Date.now(), limit: 10, leaseMs: 30_000 });
    const [queued] = claim.entries;
    assert.equal(queued?.callId, leg);
    await store.markDead({ callId: leg, version: queued!.version, error: 'REJECTED: the CRM refused the owner', now: Date.now(), claim: claim.token });

    await goTo('Outbox', 'Outbox');
    const deadRow = page.getByRole('row').filter({ hasText: leg });
    await deadRow.getByText('REJECTED: the CRM refused the owner').waitFor();
    await deadRow.getByRole('button', { name: `Replay ${leg}` }).click();
    await page.getByText('No dead letters.').waitFor();
    await page.getByRole('row').filter({ hasText: leg }).first().waitFor();
    const tile = (label: string) =>
      page.locator('.tile').filter({ has: page.locator('.tile-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.tile-value').textContent();
    assert.equal(await tile('Pending'), '1');
    assert.equal(await tile('Dead'), '0');
    assert.equal((await store.outboxCounts(Date.now())).pending, 1);
  });

  it('lists those actions in the audit log, newest first', async () => {
    await goTo('Audit log', 'Audit log');
    await page.getByRole('cell', { name: 'outbox.replay' }).waitFor();
    const actions = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    const changes = ['outbox.replay', 'policy.update', 'agent.update', 'sip.set', 'agent.create'];
    assert.deepEqual(actions.filter((a) => changes.includes(a)), changes);
    assert.ok(actions.includes('session.sign-in.refused'), 'the refused sign-in of Maria, disabled, is there too');
  });

  it('signs out back to the sign-in screen and forgets the token', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('signs in with an admin agent’s key, refreshes its session before it expires, and signs out of the console only', async () => {
    const softphone = await signInByKey(ada.key);
    assert.equal(softphone.status, 200, 'Ada’s softphone is signed in too');
    await page.getByRole('radio', { name: 'Sign-in key of an admin agent' }).check();
    await page.getByRole('textbox', { name: 'Sign-in key' }).fill(ada.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in: Ada Lovelace (ada)').waitFor();
    const kept = () => page.evaluate(() => Object.values(sessionStorage).join());
    assert.doesNotMatch(await kept(), new RegExp(ada.key), 'the key itself is never kept, only the session');
    const first = /"token":"([^"]+)"/.exec(await kept())?.[1] ?? '';

    // Sessions last 15 minutes here: a minute before the end, the console refreshes it.
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
    await page.clock.fastForward(14 * 60_000 + 5_000);
    assert.equal((await refreshed).status(), 200);
    await page.waitForFunction((before) => !Object.values(sessionStorage).join().includes(before), first);
    const token = /"token":"([^"]+)"/.exec(await kept())?.[1] ?? '';
    assert.notEqual(token, first, 'the console keeps the refreshed token');
    assert.equal((await api('GET', '/api/v1/admin/agents', { token })).status, 200, 'the kept session gets into the admin API');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'Signed out of the console. Your softphone stays signed in.' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the console forgot the session');
    const softphoneNow = await api('GET', '/api/v1/agent/settings', { token: softphone.body!.token as string });
    assert.equal(softphoneNow.status, 200, 'Ada’s softphone session still works');
  });
});
