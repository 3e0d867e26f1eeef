import assert from 'node:assert/strict';
import { answered, CALL_START, ended, inboundCall, outboundCall } from './support/call-views.js';
import { HubSpotStage, type WidgetWindow } from './support/hubspot-stage.js';

/** The real SDK in a frame of its own origin, talking to a fake HubSpot page of another origin, in Chromium. */
describe('HubSpot bridge: call flow (real calling-extensions SDK, in Chromium)', function () {
  this.timeout(20_000);
  let stage: HubSpotStage;

  before(async () => {
    stage = await HubSpotStage.open();
  });

  after(async () => {
    await stage?.close();
  });

  describe('call flow', () => {
    it('reports an outbound call keyed by its SIP Call-ID, with the engagement HubSpot created, through callCompleted', async () => {
      const { widget } = await stage.openInHubSpot();
      const callId = 'a84b4c76e66710@pc33.atlanta.example.com';
      const call = outboundCall(callId);
      await stage.notify(widget, { type: 'outgoing', call, record: { objectType: 'Contact', id: '901', name: null } });
      await stage.waitForMessage('OUTGOING_CALL_STARTED');
      assert.deepEqual(await stage.dataOf('OUTGOING_CALL_STARTED'), [
        { externalCallId: callId, callStartTime: CALL_START, createEngagement: true, toNumber: '+14155552671', fromNumber: 'maria' },
      ]);

      await stage.send('CREATE_ENGAGEMENT_SUCCEEDED', { engagementId: 3141 });
      await stage.waitForLog(widget, 'engagement 3141');
      await stage.notify(widget, { type: 'answered', call: answered(call) });
      const over = ended(answered(call), { cause: 'hangup', sipStatus: null, hungUpBy: 'remote' });
      await stage.notify(widget, { type: 'ended', call: over });
      await stage.notify(widget, { type: 'completed', call: over, record: null, disposition: 'Interested', notes: 'Call back Monday' });
      await stage.waitForMessage('CALL_COMPLETED');

      assert.deepEqual(await stage.flow(), ['OUTGOING_CALL_STARTED', 'CALL_ANSWERED', 'CALL_ENDED', 'CALL_COMPLETED']);
      assert.deepEqual(await stage.dataOf('CALL_ANSWERED'), [{ externalCallId: callId }]);
      assert.deepEqual(await stage.dataOf('CALL_ENDED'), [{ externalCallId: callId, callEndStatus: 'COMPLETED', engagementId: 3141 }]);
      assert.deepEqual(await stage.dataOf('CALL_COMPLETED'), [{ externalCallId: callId, hideWidget: false, engagementId: 3141 }]);
    });

    it('takes the engagement id from the older ENGAGEMENT_CREATED message too', async () => {
      const { widget } = await stage.openInHubSpot();
      const call = outboundCall('old-1@pbx');
      await stage.notify(widget, { type: 'outgoing', call, record: null });
      await stage.send('ENGAGEMENT_CREATED', { engagementId: 2718 });
      await stage.waitForLog(widget, 'engagement 2718');
      const over = ended(answered(call), { cause: 'hangup', sipStatus: null, hungUpBy: 'agent' });
      await stage.notify(widget, { type: 'completed', call: over, record: null, disposition: null, notes: null });
      await stage.waitForMessage('CALL_COMPLETED');
      assert.deepEqual(await stage.dataOf('CALL_COMPLETED'), [{ externalCallId: 'old-1@pbx', hideWidget: false, engagementId: 2718 }]);
    });

    it('completes a busy call HubSpot could not create an engagement for, without an engagement id', async () => {
      const { widget } = await stage.openInHubSpot();
      const call = outboundCall('busy-1@pbx');
      await stage.notify(widget, { type: 'outgoing', call, record: null });
      await stage.send('CREATE_ENGAGEMENT_FAILED', { message: 'Contact not found' });
      await stage.waitForLog(widget, 'creating the call engagement failed');
      const over = ended(call, { cause: 'busy', sipStatus: 486, hungUpBy: 'remote' });
      await stage.notify(widget, { type: 'ended', call: over });
      await stage.notify(widget, { type: 'completed', call: over, record: null, disposition: null, notes: null });
      await stage.waitForMessage('CALL_COMPLETED');
      assert.deepEqual(await stage.dataOf('CALL_ENDED'), [{ externalCallId: 'busy-1@pbx', callEndStatus: 'BUSY' }]);
      assert.deepEqual(await stage.dataOf('CALL_COMPLETED'), [{ externalCallId: 'busy-1@pbx', hideWidget: false }]);
      const warnings = await widget.evaluate(() => (window as unknown as WidgetWindow).harness.log.at('warn'));
      assert.deepEqual(warnings, ['HubSpot: creating the call engagement failed {"message":"Contact not found"}']);
    });

    it('sends callEnded before callCompleted when a failed call is completed without an ended event', async () => {
      const { widget } = await stage.openInHubSpot();
      const call = outboundCall('failed-1@pbx');
      await stage.notify(widget, { type: 'outgoing', call, record: null });
      const over = ended(call, { cause: 'failed', sipStatus: 503, hungUpBy: 'system' });
      await stage.notify(widget, { type: 'completed', call: over, record: null, disposition: null, notes: null });
      await stage.waitForMessage('CALL_COMPLETED');
      assert.deepEqual(await stage.flow(), ['OUTGOING_CALL_STARTED', 'CALL_ENDED', 'CALL_COMPLETED']);
      assert.deepEqual(await stage.dataOf('CALL_ENDED'), [{ externalCallId: 'failed-1@pbx', callEndStatus: 'FAILED' }]);
    });

    it('announces an inbound call with the caller and the agent numbers', async () => {
      const { widget } = await stage.openInHubSpot();
      await stage.notify(widget, { type: 'incoming', call: inboundCall('in-1@pbx'), matches: [] });
      await stage.waitForMessage('INCOMING_CALL');
      assert.deepEqual(await stage.dataOf('INCOMING_CALL'), [
        { externalCallId: 'in-1@pbx', callStartTime: CALL_START, createEngagement: true, fromNumber: '+442079460958', toNumber: 'maria' },
      ]);
    });

    it("maps each way a call ends to HubSpot's end status", async () => {
      const { widget } = await stage.openInHubSpot();
      const rows = [
        ['outbound', true, 'hangup', null, 'COMPLETED'],
        ['outbound', false, 'cancelled', 487, 'CANCELED'],
        ['outbound', false, 'busy', 486, 'BUSY'],
        ['outbound', false, 'declined', 603, 'BUSY'],
        ['outbound', false, 'no-answer', 480, 'NO_ANSWER'],
        ['outbound', false, 'failed', 503, 'FAILED'],
        ['inbound', true, 'hangup', null, 'COMPLETED'],
        ['inbound', false, 'cancelled', 487, 'MISSED'],
        ['inbound', false, 'no-answer', 408, 'MISSED'],
        ['inbound', false, 'declined', 603, 'BUSY'],
      ] as const;
      for (const [index, [direction, wasAnswered, cause, sipStatus]] of rows.entries()) {
        const start = direction === 'outbound' ? outboundCall(`row-${index}@pbx`) : inboundCall(`row-${index}@pbx`);
        const over = ended(wasAnswered ? answered(start) : start, { cause, sipStatus, hungUpBy: 'remote' });
        await stage.playCall(widget, start, over);
      }
      const statuses = (await stage.dataOf('CALL_ENDED')) as { externalCallId: string; callEndStatus: string }[];
      assert.deepEqual(
        statuses.map((s) => s.callEndStatus),
        rows.map((row) => row[4]),
      );
      assert.equal((await stage.dataOf('CALL_COMPLETED')).length, rows.length, 'every call is completed');
    });

    it('completes the calls in progress when the softphone stops', async () => {
      const { widget } = await stage.openInHubSpot();
      const call = outboundCall('cut-1@pbx');
      await stage.notify(widget, { type: 'outgoing', call, record: null });
      await stage.notify(widget, { type: 'answered', call: answered(call) });
      await widget.evaluate(() => (window as unknown as WidgetWindow).harness.stop());
      await stage.waitForMessage('CALL_COMPLETED');
      assert.deepEqual(await stage.flow(), ['OUTGOING_CALL_STARTED', 'CALL_ANSWERED', 'CALL_ENDED', 'CALL_COMPLETED']);
      assert.deepEqual(await stage.dataOf('CALL_ENDED'), [{ externalCallId: 'cut-1@pbx', callEndStatus: 'COMPLETED' }]);
    });
  });
});
