import type { CallItem } from './widget-state.js';

/** `0:07`, `3:12`, `1:02:05`: what a phone's call timer shows. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The line under the remote party's name: what the call is doing now. */
export function describeCall(call: CallItem, nowMs: number): string {
  if (call.state === 'dialing') return 'Calling…';
  if (call.state === 'ringing') return call.direction === 'inbound' ? 'Incoming call' : 'Ringing…';
  if (call.state === 'ended') return 'Call ended';
  const talk = formatDuration((nowMs - (call.answeredAt ?? nowMs)) / 1000);
  return call.onHold ? `On hold · ${talk}` : talk;
}

/** Who the call is with, as one short line: the CRM name when there is one, else the number. */
export function partyName(call: { readonly name: string | null; readonly number: string }): string {
  return call.name ?? call.number;
}
