/// <reference lib="dom" />
import assert from 'node:assert/strict';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { SalesforceStandIn } from '../stand-ins/salesforce-stand-in.js';
import { measureAudio } from './support/audio-probe.js';
import { pstnFarEnd, useE2eSystem } from './support/e2e-system.js';
import { pollFor } from './support/poll.js';
import { startLightningConsole, type LightningConsole } from './support/lightning-console.js';
import { SoftphoneUi } from './support/softphone-ui.js';

const CALL_ID_FIELD = 'CTI_Call_Id__c';
const AGENT_USER_ID = '005xx000001SwiUAAS';
const CONTACT = { type: 'Contact', Id: '003xx000004TmiQAAS', Name: 'Maria Gonzalez', Phone: '(415) 555-2671', MobilePhone: '+1 650-253-0000', MailingCountry: 'United States' } as const;
const TALK_MS = 3000;

/** The documented fake `sforce.opencti` the console serves (test/widget/hosts/support/fake-open-cti.ts), as used here. */
interface FakeOpenCti {
  readonly calls: readonly { readonly method: string }[];
  click(payload: { number: string; recordId: string; recordName: string; objectType: string }): void;
}
type OpenCtiWindow = Window & { sforce: { opencti: FakeOpenCti } };

describe('end to end: the softphone in Salesforce Lightning (Open CTI) logs the call as a Task', function () {
  this.timeout(120_000);
  const standIn = new SalesforceStandIn({ apiVersion: '62.0', externalIdField: CALL_ID_FIELD, records: [CONTACT] });
  let lightning: LightningConsole;
  before(async () => {
    await standIn.start();
    // Lightning on another site than the connector: the softphone is a third-party frame, as under *.lightning.force.com.
    lightning = await startLightningConsole({ adapterUrl: () => `${system.connector.baseUrl}/widget/`, host: 'localhost' });
  });
  const system = useE2eSystem({
    crm: () => ({ kind: 'salesforce', loginUrl: standIn.url }),
    crmUserId: AGENT_USER_ID,
    crmOrigins: () => [lightning.origin],
  });
  let context: BrowserContext;

  before(async () => {
    context = await system.newContext();
  });
  after(async () => {
    await lightning?.close();
    await standIn.stop();
  });

  const softphoneFrame = (page: Page): Promise<Frame> =>
    pollFor('softphone frame in the utility bar', () => page.frames().find((f) => f.url().startsWith(`${system.connector.baseUrl}/widget/`)), {
      timeoutMs: 5_000,
      everyMs: 25,
    });

  it('dials a click-to-dial number of a Contact, talks, wraps up, and the Task is upserted on that Contact', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(lightning.recordUrl('Contact', CONTACT.Id));
    const frame = await softphoneFrame(page);
    const phone = new SoftphoneUi(frame);
    await phone.signIn(system.agent.signInKey);
    await frame.waitForFunction(() =>
      (window as unknown as OpenCtiWindow).sforce.opencti.calls.some((c) => c.method === 'enableClickToDial'),
    );

    const farEnd = await pstnFarEnd(system, { scenario: 'uas-answer', rtpEcho: true });
    const clickedAt = Date.now();
    // Lightning hands the click on a lightning-click-to-dial number to the softphone's onClickToDial listener.
    await frame.evaluate(
      ({ Id, Name }) =>
        (window as unknown as OpenCtiWindow).sforce.opencti.click({ number: '+1 650-253-0000', recordId: Id, recordName: Name, objectType: 'Contact' }),
      CONTACT,
    );
    await phone.waitForCallPanel('Maria Gonzalez');
    await phone.waitForCallPanel(/^\d+:\d\d$/);
    const answeredAt = Date.now();
    const audio = await measureAudio(frame, 1000);
    assert.ok(audio.sentPerSecond >= 20 && audio.receivedPerSecond >= 20, `audio flows both ways (${JSON.stringify(audio)})`);
    await page.waitForTimeout(Math.max(0, TALK_MS - (Date.now() - answeredAt)));
    await phone.hangUp();
    const hungUpAt = Date.now();
    const notes = 'Renewal in March; send the new price list';
    const disposition = await phone.wrapUp({ dispositionIndex: 1, notes });

    const task = await pollFor('Task with the notes in Salesforce', () => [...standIn.tasks.values()].find((t) => String(t.Description ?? '').includes(notes)), {
      timeoutMs: 20_000,
      describe: () => JSON.stringify([...standIn.tasks.values()]),
    });
    // Once the Task exists, the softphone asks Lightning to refresh the record page so the activity shows.
    await frame.waitForFunction(() => (window as unknown as OpenCtiWindow).sforce.opencti.calls.some((c) => c.method === 'refreshView'));
    const openCti = await frame.evaluate(() => (window as unknown as OpenCtiWindow).sforce.opencti.calls.map((c) => c.method));
    const upserts = standIn.requests.filter((r) => r.method === 'PATCH').length;
    console.log(
      `      click to answered ${answeredAt - clickedAt} ms; audio ${audio.sentPerSecond}/${audio.receivedPerSecond} packets/s; ` +
        `talked about ${((hungUpAt - answeredAt) / 1000).toFixed(1)} s; Task ${String(task.Id)} ${String(task.CallType)} ` +
        `${String(task.CallDurationInSeconds)} s "${String(task.CallDisposition)}" after ${upserts} upsert request(s); Open CTI calls: ${openCti.join(', ')}`,
    );
    assert.equal(task.WhoId, CONTACT.Id);
    assert.equal(task.OwnerId, AGENT_USER_ID);
    assert.equal(task.CallType, 'Outbound');
    assert.equal(task.TaskSubtype, 'Call');
    assert.equal(task.Status, 'Completed');
    assert.equal(task.CallDisposition, disposition);
    assert.equal(task.CallObject, task[CALL_ID_FIELD]);
    assert.match(String(task.Subject), /^Outbound call to \+1 650/);
    const talkedS = (hungUpAt - answeredAt) / 1000;
    assert.ok(Math.abs(Number(task.CallDurationInSeconds) - talkedS) <= 1, `logged ${String(task.CallDurationInSeconds)} s for about ${talkedS} s`);
    assert.equal(standIn.inserts.length, 1, 'one Task for one call');
    const far = await farEnd.done;
    assert.equal(far.successfulCalls, 1, far.diagnostics);
    assert.deepEqual(errors, []);
  });

  it('signs the agent in with Salesforce from the utility bar in a third-party frame with no cookie and no storage: a popup with PKCE', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(lightning.recordUrl('Contact', CONTACT.Id));
    const frame = await softphoneFrame(page);
    // Lightning on localhost, the connector on 127.0.0.1: the softphone is a third-party frame, and this browser
    // (like Chrome with third-party cookies blocked) denies such a frame cookies and storage alike.
    const storage = await frame.evaluate(() => {
      try {
        return window.localStorage ? 'available' : 'missing';
      } catch {
        return 'denied';
      }
    });
    assert.equal(storage, 'denied');
    const before = { ...standIn.oauth.counts };

    const signInWithSalesforce = async (): Promise<number> => {
      const startedAt = Date.now();
      const phone = new SoftphoneUi(await softphoneFrame(page));
      const [popup] = await Promise.all([page.waitForEvent('popup'), phone.where.getByRole('button', { name: 'Sign in with Salesforce' }).click()]);
      await popup.waitForEvent('close', { timeout: 15_000 });
      await phone.waitForStatus(/^Ready$/, 20_000);
      return Date.now() - startedAt;
    };
    const signedInMs = await signInWithSalesforce();
    const authorize = standIn.oauth.authorizeRequests.at(-1)!;
    assert.equal(authorize.get('code_challenge_method'), 'S256');
    assert.match(authorize.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(authorize.get('redirect_uri'), `${system.connector.baseUrl}/auth/salesforce/callback`);
    assert.deepEqual(
      { authorizations: standIn.oauth.counts.authorizations - before.authorizations, codeGrants: standIn.oauth.counts.codeGrants - before.codeGrants },
      { authorizations: 1, codeGrants: 1 },
    );
    assert.deepEqual(await context.cookies(), [], 'nothing rode on cookies');

    // With storage denied the session lives in the page: after a reload the agent signs in again, with one click
    // (Salesforce, already signed in, approves at once).
    await page.reload();
    const again = new SoftphoneUi(await softphoneFrame(page));
    await again.where.getByRole('button', { name: 'Sign in with Salesforce' }).waitFor({ timeout: 10_000 });
    const againMs = await signInWithSalesforce();
    assert.equal(standIn.oauth.counts.codeGrants - before.codeGrants, 2);
    console.log(
      `      signed in with Salesforce in ${signedInMs} ms (popup, PKCE S256, ${standIn.oauth.counts.identityRequests - before.identityRequests} identity requests in all); ` +
        `storage in the frame: ${storage}; cookies: ${(await context.cookies()).length}; after a reload, one click signed in again in ${againMs} ms`,
    );
    await page.close();
    assert.deepEqual(errors, []);
  });
});
