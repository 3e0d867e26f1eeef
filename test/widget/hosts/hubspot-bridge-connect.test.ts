import assert from 'node:assert/strict';
import { CALL_START } from './support/call-views.js';
import { HubSpotStage, type WidgetWindow } from './support/hubspot-stage.js';

/** The real SDK in a frame of its own origin, talking to a fake HubSpot page of another origin, in Chromium. */
describe('HubSpot bridge: connecting and dialling (real calling-extensions SDK, in Chromium)', function () {
  this.timeout(20_000);
  let stage: HubSpotStage;

  before(async () => {
    stage = await HubSpotStage.open();
  });

  after(async () => {
    await stage?.close();
  });

  describe('handshake', () => {
    it("answers HubSpot's SYNC, then says it is initialized, signed out, with its size", async () => {
      const { started } = await stage.openInHubSpot();
      assert.equal(started, 'started');
      await stage.waitForMessage('INITIALIZED');
      const messages = await stage.received();
      assert.deepEqual(messages.map((m) => m.message.type), ['SYNC_ACK', 'INITIALIZED']);
      assert.ok(messages.every((m) => m.origin === stage.widgetSite.origin));
      assert.equal(messages[0]?.message.messageId, 'hubspot_sync', 'SYNC_ACK answers the SYNC it acknowledges');
      assert.deepEqual(messages[1]?.message.data, { isLoggedIn: false, sizeInfo: { width: 400, height: 600 } });
    });

    it('tells HubSpot when the agent signs in and out', async () => {
      const { widget } = await stage.openInHubSpot();
      await widget.evaluate(() => (window as unknown as WidgetWindow).harness.signedIn());
      await widget.evaluate(() => (window as unknown as WidgetWindow).harness.signedOut());
      await stage.waitForMessage('LOGGED_OUT');
      assert.deepEqual(await stage.flow(), ['LOGGED_IN', 'LOGGED_OUT']);
    });

    it('says it is signed in from the start when the agent signed in before HubSpot connected', async () => {
      await stage.openInHubSpot('?signedIn=early');
      await stage.waitForMessage('INITIALIZED');
      assert.deepEqual(await stage.dataOf('INITIALIZED'), [{ isLoggedIn: true, sizeInfo: { width: 400, height: 600 } }]);
      assert.deepEqual(await stage.flow(), [], 'nothing sent before HubSpot was there to hear it');
    });

    it('refuses to start when the framing page is not HubSpot, and obeys none of its messages', async () => {
      const { widget, started } = await stage.openInHubSpot('?loopback=refused');
      assert.equal(started, `This softphone runs only inside HubSpot; it was opened by ${stage.hubspot.origin}.`);
      await stage.send('DIAL_NUMBER', { phoneNumber: '+19005550100' });
      await stage.page.waitForTimeout(100);
      assert.deepEqual(await widget.evaluate(() => (window as unknown as WidgetWindow).harness.dials), []);
      assert.deepEqual((await stage.received()).map((m) => m.message.type), ['SYNC_ACK'], 'no INITIALIZED to a stranger');
    });

    it('rejects start with a readable message when no HubSpot ever connects', async () => {
      const started = await stage.openAlone('?readyTimeoutMs=200');
      assert.match(started, /^HubSpot did not connect within 0.2 s\. Open the softphone from a HubSpot record/);
    });
  });

  describe('dialling', () => {
    const dialNumber = {
      phoneNumber: '+1 415-555-2671',
      countryCode: 'US',
      calleeInfo: { calleeId: 901, calleeObjectTypeId: '0-1' },
      ownerId: 8,
      subjectId: 4242,
      objectId: 4242,
      objectType: 'COMPANY',
      startTimestamp: CALL_START,
      portalId: 62515,
      toPhoneNumberSrc: 'phone',
    };

    async function dialsAfter(data: unknown): Promise<unknown> {
      const { widget } = await stage.openInHubSpot();
      await stage.send('DIAL_NUMBER', data);
      await widget.waitForFunction(() => (window as unknown as WidgetWindow).harness.dials.length > 0, undefined, { timeout: 5_000 });
      return widget.evaluate(() => (window as unknown as WidgetWindow).harness.dials);
    }

    it('dials the number for the callee HubSpot names in calleeInfo, not the record page it was clicked on', async () => {
      assert.deepEqual(await dialsAfter(dialNumber), [{ number: '+1 415-555-2671', record: { objectType: 'Contact', id: '901', name: null } }]);
    });

    it('dials a company callee as an Account', async () => {
      const data = { ...dialNumber, calleeInfo: { calleeId: '77', calleeObjectTypeId: '0-2' } };
      assert.deepEqual(await dialsAfter(data), [{ number: '+1 415-555-2671', record: { objectType: 'Account', id: '77', name: null } }]);
    });

    it('dials without a record when HubSpot names no callee', async () => {
      const { calleeInfo: _, ...withoutCallee } = dialNumber;
      assert.deepEqual(await dialsAfter(withoutCallee), [{ number: '+1 415-555-2671', record: null }]);
    });

    it('ignores a dial request posted by a page of another origin', async () => {
      const { widget, other } = await stage.openInHubSpot();
      await other.evaluate(() =>
        window.parent.frames[0]!.postMessage({ type: 'DIAL_NUMBER', data: { phoneNumber: '+19005550100' }, messageId: 'x_1' }, '*'),
      );
      await stage.send('DIAL_NUMBER', dialNumber);
      await widget.waitForFunction(() => (window as unknown as WidgetWindow).harness.dials.length > 0, undefined, { timeout: 5_000 });
      await stage.page.waitForTimeout(50);
      const dials = await widget.evaluate(() => (window as unknown as WidgetWindow).harness.dials);
      assert.deepEqual(dials.map((d) => d.number), ['+1 415-555-2671']);
    });

    it('hangs up when HubSpot ends the call (END_CALL)', async () => {
      const { widget } = await stage.openInHubSpot();
      await stage.send('END_CALL');
      await widget.waitForFunction(() => (window as unknown as WidgetWindow).harness.hangups() === 1, undefined, { timeout: 5_000 });
    });
  });

});
