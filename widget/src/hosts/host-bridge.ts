import type { PhoneCallView } from '../phone/phone-call.js';

/** A CRM record as hosts name it: the demo CRM's and Salesforce's ids, HubSpot's object ids. */
export interface HostRecord {
  readonly objectType: string;
  readonly id: string;
  readonly name: string | null;
}

/** A click on a number in the host page: what to dial, and the record it was clicked on when the host says. */
export interface DialRequest {
  readonly number: string;
  readonly record: HostRecord | null;
}

/** What the widget asks of the host, so the bridge never reaches into the phone or the connector. */
export interface HostHandlers {
  dial(request: DialRequest): void;
  hangup(): void;
}

/** Moments of a call the host must hear about. `record` is the CRM record the call is logged to, when known. */
export type HostCallEvent =
  | { readonly type: 'outgoing'; readonly call: PhoneCallView; readonly record: HostRecord | null }
  | { readonly type: 'incoming'; readonly call: PhoneCallView; readonly matches: readonly HostRecord[] }
  | { readonly type: 'answered'; readonly call: PhoneCallView }
  | { readonly type: 'ended'; readonly call: PhoneCallView }
  /** The agent finished the wrap-up (or skipped it): the call is done for the host. */
  | { readonly type: 'completed'; readonly call: PhoneCallView; readonly record: HostRecord | null; readonly disposition: string | null; readonly notes: string | null }
  /** The connector stored the activity in the CRM: hosts refresh the record's view. */
  | { readonly type: 'logged'; readonly callId: string; readonly record: HostRecord | null };

/**
 * One CRM host API (Salesforce Open CTI, HubSpot calling extensions, a plain web page) behind one interface, so the
 * widget's core never knows which CRM it runs in. A Service Cloud Voice connector would be one more implementation.
 *
 * Contract:
 * - `start` MUST resolve once the host accepted the widget (Open CTI loaded and click-to-dial enabled, HubSpot
 *   `initialized` sent), and reject with a readable Error when the host API cannot be reached.
 * - After `start`, every click the host reports MUST reach `handlers.dial` exactly once.
 * - `notify` MUST NOT throw: a host that refuses a message is logged, never allowed to break a call.
 * - `signedIn`/`signedOut` tell the host whether the agent can take calls.
 */
export interface HostBridge {
  readonly name: 'salesforce-opencti' | 'hubspot' | 'page';
  start(handlers: HostHandlers): Promise<void>;
  signedIn(): void;
  signedOut(): void;
  notify(event: HostCallEvent): void;
  /** Shows the softphone panel when the host can (Open CTI utility bar), e.g. on an incoming call. */
  showPanel(): void;
  stop(): void;
}
