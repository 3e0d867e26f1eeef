/*
 * A stand-in for HubSpot's side of the calling-extensions postMessage protocol, as @hubspot/calling-extensions-sdk
 * 0.9.7 speaks it (node_modules/@hubspot/calling-extensions-sdk/src/IFrameManager.ts and Constants.ts):
 * - HubSpot frames the calling app and posts `{type: 'SYNC', messageId, hostUrl, portalId, userId, ownerId,
 *   iframeLocation, usesCallingWindow}` every 100 ms or so until the app answers `SYNC_ACK` (same messageId);
 * - the app then posts its messages `{type, data, messageId: '<instanceId>_<ms>'}` to `hostUrl`;
 * - HubSpot posts `{type, data, messageId}` to the app, which ignores any message not from `hostUrl`'s origin.
 * Payloads follow HubSpot's guide (https://developers.hubspot.com/docs/api-reference/crm-calling-extensions-v3/calling-sdk)
 * and the DIAL_NUMBER payload HubSpot's own front end builds: `{phoneNumber, countryCode, calleeInfo: {calleeId,
 * calleeObjectTypeId}, ownerId, subjectId, objectId, objectType, startTimestamp, portalId, toPhoneNumberSrc}`.
 *
 * The page frames the widget at `widgetUrl` and a second page of the widget's origin (`otherUrl`), which plays a
 * stranger trying to drive the widget. `window.hubspot.received` holds every message the widget posted, with its
 * origin; `window.hubspot.send(type, data)` posts one to the widget as HubSpot would.
 */

/** One message the fake HubSpot received from the widget. */
export interface ReceivedMessage {
  readonly origin: string;
  readonly message: { readonly type: string; readonly data?: unknown; readonly messageId?: string; readonly [key: string]: unknown };
}

/** What tests reach in the host page as `window.hubspot`. */
export interface FakeHubSpot {
  readonly received: ReceivedMessage[];
  send(type: string, data?: unknown): void;
}

export function fakeHubSpotHostPage(widgetUrl: string, otherUrl: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>HubSpot (fake)</title></head>
<body>
<iframe id="widget" src="${widgetUrl}" allow="microphone; autoplay" width="400" height="600"></iframe>
<iframe id="other" src="${otherUrl}" width="10" height="10"></iframe>
<script>
  const widgetUrl = ${JSON.stringify(widgetUrl)};
  const widgetOrigin = new URL(widgetUrl).origin;
  const frame = document.getElementById('widget');
  const received = [];
  let acknowledged = false;
  let sequence = 0;
  addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    received.push({ origin: event.origin, message: event.data });
    if (event.data && event.data.type === 'SYNC_ACK') acknowledged = true;
  });
  function sync() {
    if (acknowledged) return;
    frame.contentWindow.postMessage({
      type: 'SYNC', messageId: 'hubspot_sync', hostUrl: location.origin, portalId: 62515, userId: 7, ownerId: 8,
      iframeLocation: 'widget', usesCallingWindow: false,
    }, widgetOrigin);
    setTimeout(sync, 50);
  }
  sync();
  window.hubspot = {
    received,
    send(type, data) {
      sequence += 1;
      frame.contentWindow.postMessage({ type, data, messageId: 'hubspot_' + sequence }, widgetOrigin);
    },
  };
</script>
</body></html>`;
}
