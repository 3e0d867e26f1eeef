import type { WidgetCallEvent } from './connector-api.js';

/** Browsers refuse beacons once 64 KiB are queued; this leaves room for the request line and headers. */
export const BEACON_BODY_LIMIT_BYTES = 60_000;
/** The connector takes at most 200 events a request. */
export const MAX_EVENTS_PER_REQUEST = 200;

/**
 * The beacon route's bodies for `events`: `{"token", "events"}` JSON, in order, each at most `limitBytes` of UTF-8
 * and 200 events. An event too big for a beacon on its own is left out (it stays queued for the next page load).
 */
export function beaconBodies(token: string, events: readonly WidgetCallEvent[], limitBytes = BEACON_BODY_LIMIT_BYTES): string[] {
  const encoder = new TextEncoder();
  const head = `{"token":${JSON.stringify(token)},"events":[`;
  const tail = ']}';
  const frame = encoder.encode(head).length + encoder.encode(tail).length;
  const bodies: string[] = [];
  let parts: string[] = [];
  let bytes = frame;
  const close = () => {
    if (parts.length > 0) bodies.push(`${head}${parts.join(',')}${tail}`);
    parts = [];
    bytes = frame;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    const size = encoder.encode(json).length;
    if (frame + size > limitBytes) continue;
    const separator = parts.length > 0 ? 1 : 0;
    if (bytes + separator + size > limitBytes || parts.length === MAX_EVENTS_PER_REQUEST) close();
    bytes += (parts.length > 0 ? 1 : 0) + size;
    parts.push(json);
  }
  close();
  return bodies;
}
