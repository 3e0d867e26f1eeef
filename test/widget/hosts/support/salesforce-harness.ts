/** Browser entry for the Open CTI loader tests: the real bridge and its default `<script>` loader. */
import type { DialRequest } from '../../../../widget/src/hosts/host-bridge.js';
import { SalesforceOpenCtiBridge } from '../../../../widget/src/hosts/salesforce/salesforce-opencti-bridge.js';
import { RecordingLog } from './recording-log.js';

const params = new URLSearchParams(location.search);
const dials: DialRequest[] = [];
const bridge = new SalesforceOpenCtiBridge({
  url: location.href,
  allowLoopback: true,
  apiVersion: params.get('apiVersion') ?? undefined,
  answerTimeoutMs: 2_000,
  log: new RecordingLog(),
});

const harness = {
  dials,
  started: bridge.start({ dial: (request) => void dials.push(request), hangup: () => undefined }).then(
    () => 'started',
    (error: Error) => error.message,
  ),
  /** `src` of every script element in the widget's document. */
  scripts: () => Array.from(document.scripts, (script) => script.src),
};

export type SalesforceHarness = typeof harness;
Object.assign(window, { harness });
