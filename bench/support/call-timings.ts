import { headerValue, type SipMessage } from '../../test/stack/sip-stack.js';
import type { PageTimeline } from './page-timeline.js';

/** One measured call: the click, the INVITE at the far end and the answer the page saw, plus the steps between. */
export interface CallTiming {
  readonly callId: string;
  /** The click's wall-clock time (epoch ms, the page's high-resolution clock). */
  readonly clickAt: number;
  readonly clickToInviteMs: number;
  readonly clickToEstablishedMs: number;
  /** Each step's first moment after the click (ms), in the order they happened: where the time went. */
  readonly steps: ReadonlyMap<string, number>;
}

/** What a side (product or baseline) knows of its calls: Call-ID and when the page saw it answered, click by click. */
export interface DialledCall {
  readonly callId: string;
  readonly establishedAt: number;
}

/**
 * Puts each click on a `tel:` link together with its call: the far end's receive time of the call's first INVITE
 * (matched by Call-ID: Kamailio's 407 stops the first try, so it is the re-sent, authenticated one), the answer, and
 * the page's own marks in between (the connector request, getUserMedia, createOffer, ICE, the SIP messages). Throws
 * when a call is missing anywhere, or when the far end saw an INVITE before the page sent it (clocks disagree).
 */
export function callTimings(timeline: PageTimeline, calls: readonly DialledCall[], farEnd: readonly SipMessage[]): CallTiming[] {
  const clicks = timeline.clicks.filter((click) => click.href?.startsWith('tel:')).map((click) => click.at);
  if (clicks.length !== calls.length) throw new Error(`${clicks.length} clicks on the number for ${calls.length} calls`);
  return calls.map((call, i) => {
    const clickAt = clicks[i]!;
    const until = clicks[i + 1] ?? Infinity;
    const within = (at: number): boolean => at >= clickAt && at < until;
    const arrival = farEnd.find(
      (m) => m.direction === 'received' && m.status === undefined && m.method === 'INVITE' && headerValue(m, 'Call-ID') === call.callId,
    );
    if (arrival?.at === undefined) throw new Error(`the far end never got an INVITE for call ${i + 1} (${call.callId})`);

    const steps: [string, number][] = [];
    const step = (name: string, at: number | undefined): void => {
      if (at !== undefined && !steps.some(([seen]) => seen === name)) steps.push([name, at - clickAt]);
    };
    for (const request of timeline.requests) {
      if (!within(request.startAt)) continue;
      const what = new URL(request.url).pathname;
      step(`${what} request`, request.startAt);
      step(`${what} response`, request.endAt);
    }
    for (const mark of timeline.marks) if (within(mark.at)) step(mark.what, mark.at);
    for (const event of timeline.callEvents) if (event.callId === call.callId && within(event.at)) step(`widget "${event.type}" event`, event.at);
    let invites = 0;
    let answered = false;
    for (const message of timeline.sip) {
      if (message.callId !== call.callId || !within(message.at)) continue;
      const request = message.direction === 'sent' ? message.startLine.split(' ')[0] : undefined;
      if (request === 'INVITE') step(++invites === 1 ? 'INVITE sent' : 'INVITE re-sent', message.at);
      // The transaction layer ACKs the 407 too; the ACK that completes the call is the one after the 200.
      else if (request === 'ACK' && answered) step('ACK of the 200 sent', message.at);
      else if (message.direction === 'received' && message.startLine.startsWith('SIP/2.0 ') && / INVITE$/.test(message.cseq ?? '')) {
        const status = message.startLine.slice(8, 11);
        answered ||= status === '200';
        step(`${status} received`, message.at);
      }
    }
    const sentAt = steps.find(([name]) => name === 'INVITE re-sent')?.[1] ?? steps.find(([name]) => name === 'INVITE sent')?.[1];
    if (sentAt === undefined) throw new Error(`the page never sent an INVITE for call ${i + 1} (${call.callId})`);
    if (arrival.at - clickAt < sentAt) {
      throw new Error(`the far end got call ${i + 1}'s INVITE ${(sentAt - (arrival.at - clickAt)).toFixed(1)} ms before the page sent it: the clocks disagree`);
    }
    step('INVITE at the far end', arrival.at);
    step('established', call.establishedAt);
    return {
      callId: call.callId,
      clickAt,
      clickToInviteMs: arrival.at - clickAt,
      clickToEstablishedMs: call.establishedAt - clickAt,
      steps: new Map(steps.sort((a, b) => a[1] - b[1])),
    };
  });
}
