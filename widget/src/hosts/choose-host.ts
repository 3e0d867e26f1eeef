import type { HostBridge } from './host-bridge.js';
import { isHubSpotOrigin } from './hubspot/hubspot-origin.js';
import { salesforceOriginParam } from './salesforce/salesforce-origin.js';

export type HostName = HostBridge['name'];

/** What tells where the widget runs, read once at start (`readHostPlace`). */
export interface HostPlace {
  /** The widget's address (`location.href`). */
  readonly url: string;
  /** True when the widget is in a frame. */
  readonly framed: boolean;
  /** `location.ancestorOrigins`, nearest first, where the browser has it (Chromium, Safari); null elsewhere. */
  readonly ancestorOrigins: readonly string[] | null;
  /** `document.referrer`: the framing page's address (or origin) when the browser has no `ancestorOrigins`. */
  readonly referrer: string;
}

/** `?host=` values and the bridge each names. */
const EXPLICIT: Readonly<Record<string, HostName>> = { salesforce: 'salesforce-opencti', hubspot: 'hubspot', page: 'page' };

/**
 * Which host bridge to start: `?host=salesforce|hubspot|page` when given; otherwise Salesforce Open CTI when
 * Salesforce opened the frame (`sfdcIframeOrigin` in the address), HubSpot when a HubSpot app page frames the
 * widget, and the plain page bridge anywhere else. Each bridge still checks its host's origin when it starts.
 */
export function chooseHost(place: HostPlace): HostName {
  let params: URLSearchParams | null = null;
  try {
    params = new URL(place.url).searchParams;
  } catch {
    params = null;
  }
  const explicit = EXPLICIT[params?.get('host')?.trim().toLowerCase() ?? ''];
  if (explicit !== undefined) return explicit;
  if (salesforceOriginParam(place.url) !== null) return 'salesforce-opencti';
  if (place.framed && framers(place).some((origin) => isHubSpotOrigin(origin))) return 'hubspot';
  return 'page';
}

/** Reads a HostPlace from the widget's window. */
export function readHostPlace(win: Window): HostPlace {
  let framed: boolean;
  try {
    framed = win.self !== win.top;
  } catch {
    framed = true;
  }
  const ancestors = win.location.ancestorOrigins;
  return {
    url: win.location.href,
    framed,
    ancestorOrigins: ancestors === undefined ? null : Array.from(ancestors),
    referrer: win.document.referrer,
  };
}

/** Origins of the pages framing the widget, as far as the browser tells. */
function framers(place: HostPlace): string[] {
  if (place.ancestorOrigins !== null) return [...place.ancestorOrigins];
  try {
    return [new URL(place.referrer).origin];
  } catch {
    return [];
  }
}
