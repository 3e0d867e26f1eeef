/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { OUTPUT_DIR } from '../browser/harness-browser.js';
import { waitForCallEvent } from './support/call-events.js';
import { E2E_ADMIN_TOKEN } from './support/e2e-connector.js';
import { pstnFarEnd, useE2eSystem } from './support/e2e-system.js';
import { pollFor } from './support/poll.js';
import { SoftphoneUi } from './support/softphone-ui.js';

/** The agent the admin creates in the console; its SIP account exists on Kamailio already, as a PBX admin made it. */
const OLIVER = { id: 'oliver', name: 'Oliver Quinn', team: 'Field Sales', sipUsername: 'oliver', sipPassword: 'Granite-Meadow-Falcon-93-Cobalt' } as const;

describe('end to end: an admin creates an agent in the admin console, the agent calls, the dashboard shows the call', function () {
  this.timeout(180_000);
  const system = useE2eSystem({ crm: () => ({ kind: 'demo' }), extraSipUsers: [{ username: OLIVER.sipUsername, password: OLIVER.sipPassword }] });
  let admin: Page;
  let agentContext: BrowserContext;
  let signInKey: string;

  before(async () => {
    const adminContext = await system.newContext();
    agentContext = await system.newContext();
    admin = await adminContext.newPage();
  });

  const oliverRow = () => admin.getByRole('row').filter({ hasText: OLIVER.id }).first();
  async function goTo(label: string): Promise<void> {
    await admin.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: label }).click();
    await admin.getByRole('heading', { level: 1, name: label === 'Audit log' ? 'Audit log' : label }).waitFor();
  }

  it('the admin signs in to /admin/ and creates the agent with its SIP account; the key is shown once', async () => {
    await admin.goto(`${system.connector.baseUrl}/admin/`);
    await admin.getByRole('textbox', { name: 'Admin token' }).fill(E2E_ADMIN_TOKEN);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByText('Signed in: Admin token').waitFor();
    await goTo('Agents');
    await admin.getByRole('button', { name: 'Create agent' }).click();
    const form = admin.getByRole('form', { name: 'New agent' });
    await form.getByLabel('Agent id', { exact: true }).fill(OLIVER.id);
    await form.getByLabel('Name', { exact: true }).fill(OLIVER.name);
    await form.getByLabel('Team', { exact: true }).fill(OLIVER.team);
    await form.getByLabel('SIP username', { exact: true }).fill(OLIVER.sipUsername);
    await form.getByLabel('SIP password').fill(OLIVER.sipPassword);
    await form.getByRole('button', { name: 'Create agent' }).click();
    const reveal = admin.getByRole('dialog', { name: `Sign-in key for ${OLIVER.id}` });
    signInKey = await reveal.getByLabel('Sign-in key').inputValue();
    assert.match(signInKey, /^[A-Za-z0-9_-]{40,}$/);
    await reveal.getByRole('button', { name: 'Done' }).click();
    await oliverRow().getByText('Not registered, no widget open').waitFor();
  });

  it('the agent signs in with that key on a CRM record page, and the console sees its widget registered', async () => {
    const page = await agentContext.newPage();
    await page.goto(`${system.connector.baseUrl}/#/Contact/CON-0001`);
    await page.getByRole('heading', { name: 'Maria Gonzalez' }).waitFor();
    const launcher = page.getByRole('button', { name: /^Phone · / });
    if ((await launcher.getAttribute('aria-expanded')) === 'false') await launcher.click();
    await new SoftphoneUi(page).signIn(signInKey);
    // "Ready" can show a moment before the widget's first presence report lands: wait for the connector to hold it,
    // then open the agents page again so it reads it (rather than waiting for its 15 s refresh).
    let lastSeen: unknown = null;
    await pollFor(
      'presence report of the agent’s widget',
      async () => {
        const response = await fetch(`${system.connector.baseUrl}/api/v1/admin/agents/${OLIVER.id}`, { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` } });
        lastSeen = ((await response.json()) as { agent?: { presence?: unknown } }).agent?.presence ?? null;
        return (lastSeen as { registered?: boolean } | null)?.registered === true ? true : undefined;
      },
      { timeoutMs: 15_000, everyMs: 200, describe: () => JSON.stringify(lastSeen) },
    );
    await goTo('Policy');
    await goTo('Agents');
    await oliverRow().getByText('Registered (1 widget)').waitFor({ timeout: 10_000 });
  });

  it('the agent calls the customer; the usage dashboard shows the call for that agent and team', async () => {
    const page = agentContext.pages()[0]!;
    const phone = new SoftphoneUi(page);
    const farEnd = await pstnFarEnd(system, { scenario: 'uas-answer' });
    await page.getByRole('link', { name: '+1 650-253-0000' }).click();
    const { callId } = await waitForCallEvent(page, 'outgoing');
    await waitForCallEvent(page, 'answered', { callId });
    await page.waitForTimeout(2500);
    await phone.hangUp();
    const ended = await waitForCallEvent(page, 'ended', { callId });
    await phone.wrapUp({ dispositionIndex: 0, notes: 'Asked for the admin-console demo' });
    await waitForCallEvent(page, 'logged', { callId, timeout: 20_000 });
    const talkedS = Math.round((ended.call!.endedAt! - ended.call!.answeredAt!) / 1000);
    assert.equal((await farEnd.done).successfulCalls, 1);

    await admin.goto(`${system.connector.baseUrl}/admin/#/usage?team=${encodeURIComponent(OLIVER.team)}`);
    const calls = admin.locator('[data-tile="calls"] .usage-tile-value');
    await calls.filter({ hasText: /^1$/ }).waitFor({ timeout: 15_000 });
    assert.equal(await admin.locator('[data-tile="answered"] .usage-tile-value').textContent(), '100.0%');
    const row = admin.locator(`.usage-agent-table tbody tr[data-agent="${OLIVER.id}"]`);
    await row.waitFor();
    const cells = await row.locator('td, th').allTextContents();
    assert.ok(cells[0]!.includes(OLIVER.name), `the agent's row names it: ${cells.join(' | ')}`);
    assert.equal(cells[1], OLIVER.team);
    assert.equal(cells[2], '1', 'one call');
    const talk = (await admin.locator('[data-tile="talk"] .usage-tile-value').textContent()) ?? '';
    const [h, m, s] = talk.split(':').map(Number);
    const shownS = (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
    assert.ok(Math.abs(shownS - talkedS) <= 1, `talk time ${talk} for a ${talkedS} s call`);

    // The CSV export has the call, under the agent, answered, with its notes.
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Export calls (CSV)' }).click()]);
    const csv = await streamText(await download.createReadStream());
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines.length, 2, csv);
    assert.ok(lines[1]!.startsWith(`${callId},${OLIVER.id},${OLIVER.name},${OLIVER.team},outbound,`), lines[1]);
    assert.match(lines[1]!, /,answered,/);
    assert.match(lines[1]!, /Asked for the admin-console demo/);

    mkdirSync(OUTPUT_DIR, { recursive: true });
    const shot = path.join(OUTPUT_DIR, 'e2e-admin-dashboard.png');
    await admin.screenshot({ path: shot, fullPage: true });
    console.log(`      dashboard after the call: ${shot}`);
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
