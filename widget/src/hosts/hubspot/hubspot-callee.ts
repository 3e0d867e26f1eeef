import type { HostRecord } from '../host-bridge.js';

/**
 * What HubSpot sends with `DIAL_NUMBER` (`onDialNumber`). `objectId`/`objectType` name the record page the user is
 * on (a deal, a ticket...), not who is called: `calleeInfo` names the callee, whose number `phoneNumber` is.
 */
export interface HubSpotDialNumber {
  readonly phoneNumber?: string;
  readonly calleeInfo?: { readonly calleeId?: number | string; readonly calleeObjectTypeId?: string };
  readonly objectId?: number;
  readonly objectType?: string;
  readonly subjectId?: number;
  readonly ownerId?: number;
  readonly portalId?: number;
  readonly countryCode?: string;
  readonly startTimestamp?: number;
  readonly toPhoneNumberSrc?: string;
}

/** HubSpot object type ids of the records a call can be for, as the connector names them. */
const CALLEE_TYPES: Readonly<Record<string, string>> = { '0-1': 'Contact', '0-2': 'Account' };

/** The callee as a HostRecord (`0-1` contact -> Contact, `0-2` company -> Account), or null when HubSpot names none. */
export function calleeRecord(data: HubSpotDialNumber): HostRecord | null {
  const callee = data.calleeInfo;
  const objectType = CALLEE_TYPES[callee?.calleeObjectTypeId ?? ''];
  const id = callee?.calleeId === undefined || callee.calleeId === null ? '' : String(callee.calleeId);
  if (objectType === undefined || !/^\d+$/.test(id)) return null;
  return { objectType, id, name: null };
}
