/** Browser entry for the HubSpot bridge tests: the real bridge on the real SDK, driven through `window.harness`. */
import type { DialRequest, HostCallEvent } from '../../../../widget/src/hosts/host-bridge.js';
import { HubSpotBridge } from '../../../../widget/src/hosts/hubspot/hubspot-bridge.js';
import { RecordingLog } from './recording-log.js';

const params = new URLSearchParams(location.search);
const log = new RecordingLog();
const dials: DialRequest[] = [];
let hangups = 0;
const bridge = new HubSpotBridge({
  log,
  allowLoopback: params.get('loopback') !== 'refused',
  readyTimeoutMs: Number(params.get('readyTimeoutMs') ?? '5000'),
});

const harness = {
  log,
  dials,
  hangups: () => hangups,
  started: bridge.start({ dial: (request) => void dials.push(request), hangup: () => void (hangups += 1) }).then(
    () => 'started',
    (error: Error) => error.message,
  ),
  notify: (event: HostCallEvent) => bridge.notify(event),
  signedIn: () => bridge.signedIn(),
  signedOut: () => bridge.signedOut(),
  stop: () => bridge.stop(),
};

if (params.get('signedIn') === 'early') bridge.signedIn();

export type HubSpotHarness = typeof harness;
Object.assign(window, { harness });
