/// <reference lib="dom" />
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { HARNESS_ORIGIN, onRig, routeHarness } from '../widget/ui/harness/harness-page.js';
import { MARIA_KEY } from '../widget/app/fakes/fake-auth-api.js';
import { OUTPUT_DIR, useHarnessBrowser } from './harness-browser.js';

const REFUSED = '+44 909 879 0000';

describe('widget UI in Chromium (fake phone and connector)', function () {
  this.timeout(60_000);
  const chromium = useHarnessBrowser();
  let page: Page;
  const pageErrors: string[] = [];

  async function open(viewport = { width: 400, height: 550 }): Promise<Page> {
    page = await chromium.browser.newPage({ viewport });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await routeHarness(page, chromium.bundle);
    await page.goto(`${HARNESS_ORIGIN}/`);
    await page.evaluate('window.harness.ready');
    return page;
  }

  async function signIn(p: Page): Promise<void> {
    await p.getByLabel('Sign-in key').fill(MARIA_KEY);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
  }

  async function callMaria(p: Page): Promise<void> {
    await p.getByLabel('Number to call').fill('415 555 2671');
    await p.getByLabel('Number to call').press('Enter');
    await p.getByText('Calling…').waitFor();
    await onRig(p, (rig) => rig.phone.calls[0]!.answered());
    await p.getByText(/^0:0\d$/).waitFor();
  }

  afterEach(async () => {
    await page?.close();
    assert.deepEqual(pageErrors.splice(0), [], 'the page logged no errors');
  });

  it('signs in with a sign-in key, refusing a wrong one with what to do, and shows the registration state', async () => {
    const p = await open();
    await p.getByRole('heading', { name: 'Sign in' }).waitFor();
    await p.getByText('Sign in with a key from your admin.').waitFor();
    assert.equal(await p.getByRole('button', { name: /^Sign in with (Salesforce|HubSpot)$/ }).count(), 0, 'no CRM sign-in the connector does not offer');
    await p.getByLabel('Sign-in key').fill('not-the-key');
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.getByRole('alert').filter({ hasText: /^That sign-in key was not accepted\. .*ask your admin for a new one\.$/ }).waitFor();
    assert.equal(await p.getByLabel('Sign-in key').getAttribute('aria-invalid'), 'true');
    assert.equal(await p.getByLabel('Sign-in key').inputValue(), '', 'the key does not stay in the page');
    await onRig(p, (rig) => {
      rig.phone.startsAs = { state: 'failed', problem: { code: 'registration-refused', message: 'The SIP server refused your password.' } };
    });
    await p.getByLabel('Sign-in key').fill(MARIA_KEY);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.getByRole('status').filter({ hasText: 'Not connected: The SIP server refused your password.' }).waitFor();
    await p.getByText('Maria Gonzalez').waitFor();
    await onRig(p, (rig) => rig.phone.setRegistration('reconnecting', { code: 'server-unreachable', message: 'The SIP server cannot be reached.' }));
    await p.getByRole('status').filter({ hasText: 'Reconnecting… The SIP server cannot be reached.' }).waitFor();
    await onRig(p, (rig) => rig.phone.setRegistration('registered', null));
    await p.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor();
  });

  it('dials the resolved target when a typed number is entered, and shows who is called', async () => {
    const p = await open();
    await signIn(p);
    await p.getByLabel('Number to call').fill('(415) 555-2671 x204');
    await p.getByLabel('Number to call').press('Enter');
    await p.getByRole('region', { name: 'Call in progress' }).getByText('Maria Gonzalez').waitFor();
    const dialled = await onRig(p, (rig) => rig.phone.dialled);
    assert.deepEqual(dialled, [{ sipUri: 'sip:+14155552671@pbx.demo.test;user=phone', extension: '204', display: '+14155552671' }]);
  });

  it('shows the policy’s reason for a refused number and does not dial it', async () => {
    const p = await open();
    await signIn(p);
    await p.getByLabel('Number to call').fill(REFUSED);
    await p.getByRole('button', { name: 'Call', exact: true }).click();
    await p.getByText('Not called: Premium-rate numbers are blocked by your team’s call policy.').waitFor();
    assert.deepEqual(await onRig(p, (rig) => rig.phone.dialled), []);
    assert.deepEqual(await onRig(p, (rig) => rig.connector.resolved.map((r) => [r.number, r.purpose])), [[REFUSED, 'dial']]);
    await p.getByRole('button', { name: 'Dismiss message' }).click();
    assert.equal(await p.getByText(/^Not called/).count(), 0);
  });

  it('passes mute, hold, keypad tones and hang-up to the call, then saves the wrap-up', async () => {
    const p = await open();
    await signIn(p);
    await callMaria(p);
    const mute = p.getByRole('button', { name: 'Mute' });
    await mute.click();
    assert.equal(await p.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed'), 'true');
    await p.getByRole('button', { name: 'Hold' }).click();
    await p.getByRole('button', { name: 'Resume' }).click();
    await p.getByRole('button', { name: 'Hold' }).waitFor();
    await p.getByRole('button', { name: 'Keypad' }).click();
    const keypad = p.getByRole('group', { name: /^Keypad/ });
    await keypad.getByRole('button', { name: '5' }).click();
    await keypad.getByRole('button', { name: 'Hash' }).press('3');
    await p.screenshot({ path: path.join(OUTPUT_DIR, 'widget-in-call-400x550.png') });
    await p.getByRole('button', { name: 'Hang up' }).click();
    await p.getByRole('heading', { name: 'Wrap up' }).waitFor();
    const controls = await onRig(p, (rig) => rig.phone.history.map((c) => c.controls));
    assert.deepEqual(controls, [['mute', 'hold', 'resume', 'dtmf 5', 'dtmf 3', 'hangup']]);
    await p.getByLabel('Disposition').selectOption('Interested');
    await p.getByLabel('Notes').fill('Wants pricing for 40 seats');
    await p.screenshot({ path: path.join(OUTPUT_DIR, 'widget-wrap-up-400x550.png') });
    await p.getByRole('button', { name: 'Save' }).click();
    await p.getByRole('region', { name: 'Recent calls' }).getByRole('button', { name: /^Call back Maria Gonzalez/ }).waitFor();
    const wrapUps = await onRig(p, (rig) => rig.callLog.wrapUps.map((w) => [w.disposition, w.notes]));
    assert.deepEqual(wrapUps, [['Interested', 'Wants pricing for 40 seats']]);
    await p.getByText(/Outbound · Answered · 0:0\d/).waitFor();
  });

  it('shows an incoming caller’s name from the lookup and moves focus to Answer', async () => {
    const p = await open();
    await signIn(p);
    await onRig(p, (rig) => void rig.phone.ring('+14155552671'));
    const incoming = p.getByRole('region', { name: 'Incoming call' });
    await incoming.getByText('Maria Gonzalez').waitFor();
    await incoming.getByText('+14155552671').waitFor();
    await p.waitForFunction(() => document.activeElement?.textContent === 'Answer');
    await p.screenshot({ path: path.join(OUTPUT_DIR, 'widget-incoming-400x550.png') });
    assert.match((await p.locator('.c2c-visually-hidden[aria-live=assertive]').textContent()) ?? '', /^Incoming call from Maria Gonzalez/);
    await p.getByRole('button', { name: 'Answer' }).click();
    await p.getByRole('region', { name: 'Call in progress' }).waitFor();
    assert.deepEqual(await onRig(p, (rig) => rig.phone.calls.map((c) => [c.state, c.controls])), [['established', ['answer']]]);
  });

  it('keeps the call screens when the session ends mid-call: a call that rings can be answered, and sign-in follows the calls', async () => {
    const p = await open();
    await signIn(p);
    await callMaria(p);
    await onRig(p, (rig) => rig.auth.endSessions('maria'));
    await onRig(p, (rig) => void rig.phone.ring('+14155550000'));
    await p.getByText('Your session ended; sign in again. Your call goes on; sign in again once it is over.').waitFor();
    await p.getByRole('button', { name: 'Answer' }).waitFor();
    assert.deepEqual(await onRig(p, (rig) => rig.phone.calls.map((c) => c.controls)), [[], []], 'nothing was hung up');
    await p.screenshot({ path: path.join(OUTPUT_DIR, 'widget-session-ended-400x550.png') });
    await p.getByRole('button', { name: 'Answer' }).click();
    const panel = p.getByRole('region', { name: 'Call in progress' });
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Hang up' }).click();
    await panel.getByRole('button', { name: 'Hang up' }).click();
    await p.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(p);
    await p.getByRole('heading', { name: 'Wrap up' }).waitFor();
  });

  it('is operated from the keyboard alone: sign in, dial, hang up, skip the wrap-up, answer', async () => {
    const p = await open();
    assert.equal(await p.evaluate(() => document.activeElement?.id), await p.getByLabel('Sign-in key').getAttribute('id'), 'the key field has focus');
    await p.keyboard.type(MARIA_KEY);
    await p.keyboard.press('Enter');
    await p.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
    await p.waitForFunction(() => document.activeElement?.getAttribute('type') === 'tel', undefined, { timeout: 2000 });
    await p.keyboard.type('4155552671');
    await p.keyboard.press('Enter');
    await p.getByText('Calling…').waitFor();
    assert.equal(await p.evaluate(() => document.activeElement?.textContent), 'Hang up');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { name: 'Wrap up' }).waitFor();
    assert.equal(await p.evaluate(() => document.activeElement?.tagName), 'SELECT');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement?.textContent), 'Skip');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.activeElement?.getAttribute('type') === 'tel');
    await onRig(p, (rig) => void rig.phone.ring('+14155552671'));
    await p.waitForFunction(() => document.activeElement?.textContent === 'Answer');
    await p.keyboard.press('Space');
    await p.getByRole('region', { name: 'Call in progress' }).waitFor();
    assert.deepEqual(await onRig(p, (rig) => rig.phone.calls.map((c) => c.state)), ['established']);
  });

  it('takes digits typed on the dial pad keys into the number field', async () => {
    const p = await open();
    await signIn(p);
    await p.getByRole('group', { name: 'Dial pad' }).getByRole('button', { name: '4' }).focus();
    await p.keyboard.type('415*#');
    await p.keyboard.press('Backspace');
    await p.keyboard.press('Enter');
    assert.equal(await p.getByLabel('Number to call').inputValue(), '415*4', 'Enter on a key presses that key');
  });
});
