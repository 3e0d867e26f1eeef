import assert from 'node:assert/strict';
import type { DialRequest, HostHandlers } from '../../../widget/src/hosts/host-bridge.js';
import { SalesforceOpenCtiBridge } from '../../../widget/src/hosts/salesforce/salesforce-opencti-bridge.js';
import { answered, ended, inboundCall, outboundCall } from './support/call-views.js';
import { FakeOpenCti } from './support/fake-open-cti.js';
import { RecordingLog } from './support/recording-log.js';

/** The frame URL Salesforce builds from an adapter URL of `https://phone.example.com/widget/` (Lightning). */
const FRAME_URL =
  'https://phone.example.com/widget/?mode=Lightning&ltn_app_id=06m8A0000004TQ1QAM&isdtp=vw' +
  '&sfdcIframeOrigin=https%3A%2F%2Facme.lightning.force.com&clc=1&nonce=92329b81206599f990c3f56ada406d75';

function frameUrl(origin: string): string {
  return `https://phone.example.com/widget/?mode=Lightning&sfdcIframeOrigin=${encodeURIComponent(origin)}&nonce=1`;
}

interface Harness {
  readonly bridge: SalesforceOpenCtiBridge;
  readonly openCti: FakeOpenCti;
  readonly loaded: string[];
  readonly dials: DialRequest[];
  readonly log: RecordingLog;
  hangups: number;
}

function harness(options: { url?: string; allowLoopback?: boolean; answerTimeoutMs?: number; loadError?: Error } = {}): Harness {
  const openCti = new FakeOpenCti();
  const loaded: string[] = [];
  const log = new RecordingLog();
  const bridge = new SalesforceOpenCtiBridge({
    url: options.url ?? FRAME_URL,
    allowLoopback: options.allowLoopback ?? false,
    answerTimeoutMs: options.answerTimeoutMs ?? 1_000,
    log,
    loadOpenCti: async (src) => {
      loaded.push(src);
      if (options.loadError) throw options.loadError;
      return openCti;
    },
  });
  return { bridge, openCti, loaded, dials: [], log, hangups: 0 };
}

function handlersOf(h: Harness): HostHandlers {
  return {
    dial: (request) => h.dials.push(request),
    hangup: () => {
      h.hangups += 1;
    },
  };
}

async function started(options: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = harness(options);
  await h.bridge.start(handlersOf(h));
  h.openCti.calls.length = 0;
  return h;
}

describe('Salesforce Open CTI bridge', () => {
  describe('start', () => {
    it('loads opencti_min.js from the Salesforce origin in the frame URL and enables click-to-dial', async () => {
      const h = harness();
      await h.bridge.start(handlersOf(h));
      assert.deepEqual(h.loaded, ['https://acme.lightning.force.com/support/api/61.0/lightning/opencti_min.js']);
      assert.deepEqual(h.openCti.calls, [
        { method: 'onClickToDial', args: {} },
        { method: 'enableClickToDial', args: {} },
      ]);
    });

    it('reads the Classic spelling sfdcIFrameOrigin as well', async () => {
      const h = harness({ url: 'https://phone.example.com/?sfdcIFrameOrigin=https%3A%2F%2Facme.my.salesforce.com' });
      await h.bridge.start(handlersOf(h));
      assert.deepEqual(h.loaded, ['https://acme.my.salesforce.com/support/api/61.0/lightning/opencti_min.js']);
    });

    for (const origin of [
      'https://acme.lightning.force.com',
      'https://acme--uat.sandbox.my.salesforce.com',
      'https://acme.my.salesforce-setup.com',
      'https://acme.force.com:8443',
    ]) {
      it(`accepts the Salesforce origin ${origin}`, async () => {
        const h = harness({ url: frameUrl(origin) });
        await h.bridge.start(handlersOf(h));
        assert.equal(h.loaded[0], `${origin}/support/api/61.0/lightning/opencti_min.js`);
      });
    }

    for (const origin of [
      'http://acme.lightning.force.com',
      'https://evil-force.com',
      'https://force.com',
      'https://acme.lightning.force.com.evil.example',
      'https://acme.lightning.force.com/support',
      'https://user@acme.lightning.force.com',
      'javascript:alert(1)',
      'http://127.0.0.1:8080',
    ]) {
      it(`refuses to start, with a readable message, when framed by ${origin}`, async () => {
        const h = harness({ url: frameUrl(origin) });
        await assert.rejects(h.bridge.start(handlersOf(h)), (error: Error) => {
          assert.match(error.message, /not an https Salesforce address/);
          assert.ok(error.message.includes(JSON.stringify(origin)), error.message);
          return true;
        });
        assert.deepEqual(h.loaded, [], 'no script is loaded from an origin that is not Salesforce');
      });
    }

    it('accepts a loopback origin only when asked to (tests and local demos)', async () => {
      const h = harness({ url: frameUrl('http://127.0.0.1:8080'), allowLoopback: true });
      await h.bridge.start(handlersOf(h));
      assert.deepEqual(h.loaded, ['http://127.0.0.1:8080/support/api/61.0/lightning/opencti_min.js']);
    });

    it('tells the admin to open it from the utility bar when the frame URL has no sfdcIframeOrigin', async () => {
      const h = harness({ url: 'https://phone.example.com/widget/' });
      await assert.rejects(h.bridge.start(handlersOf(h)), /no sfdcIframeOrigin.*utility bar/);
    });

    it('rejects with the script address and the reason when opencti_min.js cannot load', async () => {
      const h = harness({ loadError: new Error('the browser could not load the script') });
      await assert.rejects(
        h.bridge.start(handlersOf(h)),
        /^Error: Could not load Salesforce Open CTI from https:\/\/acme\.lightning\.force\.com\/support\/api\/61\.0\/lightning\/opencti_min\.js \(the browser could not load the script\)/,
      );
    });

    it("rejects with Salesforce's reason when it refuses to enable click-to-dial", async () => {
      const h = harness();
      h.openCti.answerNext('enableClickToDial', { success: false, returnValue: null, errors: [{ description: 'No call center for this user' }] });
      await assert.rejects(h.bridge.start(handlersOf(h)), /Salesforce did not enable click-to-dial: No call center for this user/);
    });

    it('rejects when Salesforce never answers enableClickToDial', async () => {
      const h = harness({ answerTimeoutMs: 20 });
      h.openCti.answerNext('enableClickToDial', 'silent');
      await assert.rejects(h.bridge.start(handlersOf(h)), /did not enable click-to-dial: Salesforce did not answer within 20 ms/);
    });
  });

  describe('click-to-dial', () => {
    it('dials a clicked number with the record it was clicked on', async () => {
      const h = await started();
      h.openCti.click({ number: '(415) 555-2671', recordId: '003xx000004TmiQAAS', recordName: 'Ada Lovelace', objectType: 'Contact' });
      assert.deepEqual(h.dials, [
        { number: '(415) 555-2671', record: { objectType: 'Contact', id: '003xx000004TmiQAAS', name: 'Ada Lovelace' } },
      ]);
    });

    it('dials a number clicked outside any record without one, and a numeric payload as text', async () => {
      const h = await started();
      h.openCti.click({ number: 14155552671 });
      assert.deepEqual(h.dials, [{ number: '14155552671', record: null }]);
    });

    it('ignores a click-to-dial without a number, and says so', async () => {
      const h = await started();
      h.openCti.click({ number: '  ', recordId: '003xx000004TmiQAAS', objectType: 'Contact' });
      assert.deepEqual(h.dials, []);
      assert.match(h.log.at('warn').join('\n'), /without a number/);
    });

    it('stops dialling and disables click-to-dial when stopped', async () => {
      const h = await started();
      h.bridge.stop();
      h.openCti.click({ number: '4155552671' });
      assert.deepEqual(h.dials, []);
      assert.deepEqual(h.openCti.calls, [{ method: 'disableClickToDial', args: {} }]);
    });

    it('disables click-to-dial on sign-out and enables it again on sign-in, once each', async () => {
      const h = await started();
      h.bridge.signedIn();
      h.bridge.signedOut();
      h.bridge.signedOut();
      h.bridge.signedIn();
      await h.openCti.settle();
      assert.deepEqual(
        h.openCti.calls.map((call) => call.method),
        ['disableClickToDial', 'enableClickToDial'],
      );
    });
  });

  describe('calls', () => {
    it('opens the panel and pops the one record the connector matched to the caller', async () => {
      const h = await started();
      h.bridge.notify({
        type: 'incoming',
        call: inboundCall('in-1@pbx'),
        matches: [{ objectType: 'Contact', id: '003xx000004TmiQAAS', name: 'Ada Lovelace' }],
      });
      assert.deepEqual(h.openCti.calls, [
        { method: 'setSoftphonePanelVisibility', args: { visible: true } },
        { method: 'screenPop', args: { type: 'sobject', params: { recordId: '003xx000004TmiQAAS' } } },
      ]);
    });

    for (const [label, matches] of [
      ['no record', []],
      [
        'several records',
        [
          { objectType: 'Contact', id: '003xx000004TmiQAAS', name: 'Ada Lovelace' },
          { objectType: 'Lead', id: '00Qxx000001abcdEAA', name: 'Ada King' },
        ],
      ],
    ] as const) {
      it(`lets Salesforce search the caller's number as an inbound call when the connector matched ${label}`, async () => {
        const h = await started();
        h.bridge.notify({ type: 'incoming', call: inboundCall('in-2@pbx'), matches });
        assert.deepEqual(h.openCti.calls, [
          { method: 'setSoftphonePanelVisibility', args: { visible: true } },
          {
            method: 'searchAndScreenPop',
            args: { searchParams: '+442079460958', queryParams: '', callType: 'inbound', deferred: false },
          },
        ]);
      });
    }

    it('does not search for an anonymous caller', async () => {
      const h = await started();
      const anonymous = inboundCall('in-3@pbx', { remote: { uri: 'sip:anonymous@anonymous.invalid', user: '', displayName: null } });
      h.bridge.notify({ type: 'incoming', call: anonymous, matches: [] });
      assert.deepEqual(h.openCti.calls.map((call) => call.method), ['setSoftphonePanelVisibility']);
    });

    it('refreshes the view once the call is logged, so the new Task shows on the record', async () => {
      const h = await started();
      h.bridge.notify({ type: 'logged', callId: 'out-1@pbx', record: { objectType: 'Contact', id: '003xx000004TmiQAAS', name: null } });
      assert.deepEqual(h.openCti.calls, [{ method: 'refreshView', args: {} }]);
    });

    it('opens the panel when asked to', async () => {
      const h = await started();
      h.bridge.showPanel();
      assert.deepEqual(h.openCti.calls, [{ method: 'setSoftphonePanelVisibility', args: { visible: true } }]);
    });

    it('leaves the call log to the connector: outbound progress calls no Open CTI method', async () => {
      const h = await started();
      const call = outboundCall('out-2@pbx');
      h.bridge.notify({ type: 'outgoing', call, record: null });
      h.bridge.notify({ type: 'answered', call: answered(call) });
      const over = ended(answered(call), { cause: 'hangup', sipStatus: null, hungUpBy: 'agent' });
      h.bridge.notify({ type: 'ended', call: over });
      h.bridge.notify({ type: 'completed', call: over, record: null, disposition: null, notes: null });
      assert.deepEqual(h.openCti.calls, []);
    });
  });

  describe('when Salesforce refuses', () => {
    it('logs a method answering success:false and keeps working', async () => {
      const h = await started();
      h.openCti.answerNext('screenPop', { success: false, returnValue: null, errors: ['Record not accessible'] });
      const incoming = { type: 'incoming', call: inboundCall('in-4@pbx'), matches: [{ objectType: 'Contact', id: '003xx000004TmiQAAS', name: null }] } as const;
      assert.doesNotThrow(() => h.bridge.notify(incoming));
      await h.openCti.settle();
      assert.deepEqual(h.log.at('warn'), ['Open CTI: screenPop failed: Record not accessible']);
      h.bridge.notify(incoming);
      await h.openCti.settle();
      assert.equal(h.openCti.calls.filter((call) => call.method === 'screenPop').length, 2);
      assert.equal(h.log.at('warn').length, 1, 'the second pop succeeded');
    });

    it('logs a method that throws instead of breaking the call', async () => {
      const h = await started();
      h.openCti.refreshView = () => {
        throw new Error('Open CTI is not initialized');
      };
      assert.doesNotThrow(() => h.bridge.notify({ type: 'logged', callId: 'out-3@pbx', record: null }));
      await h.openCti.settle();
      assert.deepEqual(h.log.at('warn'), ['Open CTI: refreshView failed: Open CTI is not initialized']);
    });

    it('logs a method Salesforce never answers', async () => {
      const h = await started({ answerTimeoutMs: 20 });
      h.openCti.answerNext('setSoftphonePanelVisibility', 'silent');
      h.bridge.showPanel();
      await new Promise((resolve) => setTimeout(resolve, 40));
      assert.deepEqual(h.log.at('warn'), ['Open CTI: setSoftphonePanelVisibility failed: Salesforce did not answer within 20 ms']);
    });
  });
});
