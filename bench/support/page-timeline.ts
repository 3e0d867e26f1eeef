/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';

/** One SIP message over the page's WebSocket: its first line, Call-ID and CSeq, when the page sent or got it. */
export interface PageSipMessage {
  readonly at: number;
  readonly direction: 'sent' | 'received';
  readonly startLine: string;
  readonly callId: string | null;
  readonly cseq: string | null;
}

/** A moment of the page's media work (`getUserMedia`, `createOffer`, ICE gathering...), by name. */
export interface PageMark {
  readonly at: number;
  readonly what: string;
}

/** A `clicktocall:call` event of the widget; `shownAt` is the first animation frame after it (the panel painted). */
export interface PageCallEvent {
  readonly at: number;
  readonly type: string;
  readonly callId: string;
  readonly shownAt: number | null;
}

/** An HTTP request of the page (Resource Timing): from the request's start to its last response byte. */
export interface PageRequest {
  readonly url: string;
  readonly startAt: number;
  readonly endAt: number;
}

/**
 * Everything the page recorded, every time in wall-clock epoch ms on the page's high-resolution clock
 * (`performance.timeOrigin` + the event's `timeStamp` or `performance.now()`), so it compares with sipp's receive times.
 */
export interface PageTimeline {
  /** Every click, with the `href` of the link it landed in (null when none). */
  readonly clicks: readonly { readonly at: number; readonly href: string | null }[];
  readonly sip: readonly PageSipMessage[];
  readonly marks: readonly PageMark[];
  readonly callEvents: readonly PageCallEvent[];
  readonly requests: readonly PageRequest[];
  /** The page's clock minus `Date.now()` (median of 50 readings): how far the high-resolution clock drifted. */
  readonly clockSkewMs: number;
}

/**
 * Makes every page of the context keep a timeline of a call's setup: clicks (a capturing listener on `window`, the
 * first to see a click), the SIP messages on its WebSockets, `getUserMedia`, `createOffer`, `setLocalDescription`,
 * `setRemoteDescription` and ICE gathering, and the widget's call events. The wrappers only note the time and call through: no behaviour
 * changes, and product and baseline pages carry the same ones.
 */
export async function installPageTimeline(context: BrowserContext): Promise<void> {
  await context.addInitScript(`(() => {
    const now = () => performance.timeOrigin + performance.now();
    const timeline = { clicks: [], sip: [], marks: [], callEvents: [] };
    window.__benchTimeline = timeline;
    performance.setResourceTimingBufferSize(100000);
    window.addEventListener('click', (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      timeline.clicks.push({ at: performance.timeOrigin + event.timeStamp, href: link && link.getAttribute('href') });
    }, true);

    const sipNote = (direction, at, data) => {
      if (typeof data !== 'string') return;
      const lineEnd = data.indexOf('\\r\\n');
      const startLine = lineEnd < 0 ? data : data.slice(0, lineEnd);
      const header = (name) => (new RegExp('^(?:' + name + ')[ \\t]*:[ \\t]*(.*)$', 'im').exec(data) || [])[1] || null;
      timeline.sip.push({ at, direction, startLine, callId: header('call-id|i'), cseq: header('cseq') });
    };
    const watched = new WeakSet();
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      const at = now();
      if (!watched.has(this)) {
        watched.add(this);
        this.addEventListener('message', (event) => sipNote('received', performance.timeOrigin + event.timeStamp, event.data));
      }
      sipNote('sent', at, data);
      return send.call(this, data);
    };

    const mark = (what) => timeline.marks.push({ at: now(), what });
    const timed = (owner, name) => {
      const original = owner[name];
      if (typeof original !== 'function') return;
      owner[name] = function (...args) {
        mark(name);
        const result = original.apply(this, args);
        if (result && typeof result.then === 'function') result.then(() => mark(name + ':done'), () => mark(name + ':failed'));
        return result;
      };
    };
    if (navigator.mediaDevices) timed(navigator.mediaDevices, 'getUserMedia');
    const Native = window.RTCPeerConnection;
    if (Native) {
      timed(Native.prototype, 'createOffer');
      timed(Native.prototype, 'setLocalDescription');
      timed(Native.prototype, 'setRemoteDescription');
      window.RTCPeerConnection = class extends Native {
        constructor(...args) {
          super(...args);
          mark('new RTCPeerConnection');
          this.addEventListener('icegatheringstatechange', () => mark('ICE gathering ' + this.iceGatheringState));
          this.addEventListener('icecandidate', (event) => mark(event.candidate ? 'ICE candidate' : 'ICE candidates done'));
        }
      };
    }

    window.addEventListener('clicktocall:call', (event) => {
      const d = event.detail;
      const entry = { at: now(), type: d.type, callId: d.callId ?? (d.call && d.call.callId), shownAt: null };
      timeline.callEvents.push(entry);
      requestAnimationFrame(() => (entry.shownAt = now()));
    });
  })();`);
}

/** The page's timeline so far. */
export function readPageTimeline(page: Page): Promise<PageTimeline> {
  return page.evaluate(() => {
    const recorded = (window as unknown as { __benchTimeline: Omit<PageTimeline, 'requests' | 'clockSkewMs'> }).__benchTimeline;
    const requests = performance.getEntriesByType('resource').map((entry) => ({
      url: entry.name,
      startAt: performance.timeOrigin + entry.startTime,
      endAt: performance.timeOrigin + (entry as PerformanceResourceTiming).responseEnd,
    }));
    const skews: number[] = [];
    for (let i = 0; i < 50; i++) skews.push(performance.timeOrigin + performance.now() - Date.now());
    skews.sort((a, b) => a - b);
    return { ...recorded, requests, clockSkewMs: skews[25]! };
  });
}
