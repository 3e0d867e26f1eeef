/** Browser entry for the page bridge tests: the real bridge on a real page, driven through `window.harness`. */
import type { DialRequest, HostCallEvent } from '../../../../widget/src/hosts/host-bridge.js';
import { CALL_EVENT, PageBridge } from '../../../../widget/src/hosts/page/page-bridge.js';
import { RecordingLog } from './recording-log.js';

const log = new RecordingLog();
const dials: DialRequest[] = [];
/** For every click that reached `window`: whether something prevented the browser's default action. */
const clicks: boolean[] = [];
/** Call events as the page saw them through `CustomEvent('clicktocall:call')`. */
const domEvents: unknown[] = [];
let hangups = 0;

addEventListener('click', (event) => void clicks.push(event.defaultPrevented));
addEventListener(CALL_EVENT, (event) => void domEvents.push((event as CustomEvent<unknown>).detail));

const bridge = new PageBridge({ window, document, log });
const harness = {
  log,
  dials,
  clicks,
  domEvents,
  hangups: () => hangups,
  started: bridge.start({ dial: (request) => void dials.push(request), hangup: () => void (hangups += 1) }).then(
    () => 'started',
    (error: Error) => error.message,
  ),
  notify: (event: HostCallEvent) => bridge.notify(event),
  stop: () => bridge.stop(),
};

export type PageHarness = typeof harness;
Object.assign(window, { harness });
