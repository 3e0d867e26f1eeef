import type { AgentSession, CrmSignIn } from '../connector/agent-session.js';
import type { AuthApi } from '../connector/auth-api.js';
import type { AgentSettings, ConnectorApi, ConnectorError } from '../connector/connector-api.js';
import type { Timers } from '../connector/connector-ports.js';
import type { HostBridge, HostRecord } from '../hosts/host-bridge.js';
import type { PhoneCall } from '../phone/phone-call.js';
import type { SipAccount } from '../phone/sip-account.js';
import type { SoftPhone } from '../phone/soft-phone.js';

/**
 * What the app needs of the call reporter: the calls to report and the record each is logged to, and the wrap-up.
 * The reporter turns every change of a tracked call into a connector event keyed by its SIP Call-ID.
 */
export interface CallLog {
  /**
   * Starts reporting a call; `record` is the CRM record it is logged to when known already (outbound); `consult`: a
   * consultation call of an attended transfer, which gets no wrap-up.
   */
  track(call: PhoneCall, record: HostRecord | null, options: { readonly consult: boolean }): void;
  /** The record an inbound call belongs to, once the reverse lookup found exactly one. */
  setRecord(callId: string, record: HostRecord | null): void;
  wrapUp(callId: string, disposition: string | null, notes: string | null): void;
  /** Stops heartbeats and listening (sign-out); queued events stay with the connector client. */
  stop(): void;
}

/** The few `Storage` calls the app makes, so tests and private-mode browsers (no storage) work alike. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The audio devices the browser offers, for the device settings. */
export interface DeviceLister {
  list(): Promise<readonly { readonly deviceId: string; readonly kind: string; readonly label: string }[]>;
  /** Whether calls can be played on a chosen speaker (`HTMLMediaElement.setSinkId`). */
  readonly canChooseSpeaker: boolean;
}

/** Everything the app composes, as factories, so tests give fakes and `main.ts` gives the real parts. */
export interface WidgetAppDeps {
  readonly host: HostBridge;
  /** The connector's sign-in routes. */
  readonly auth: AuthApi;
  /**
   * Signs in with the CRM's own account (a popup). It MUST open the popup before it returns, since it runs in the
   * agent's click and browsers block popups opened later.
   */
  readonly signInWithCrm: (crm: CrmSignIn) => Promise<AgentSession>;
  /**
   * The connector client of one agent's session: `token` reads the current token at each request (null while signed
   * out), and `onAuthRefused` is told of every request the connector refused as signed out.
   */
  readonly createConnector: (args: {
    readonly agentId: string;
    readonly token: () => string | null;
    readonly onAuthRefused: (error: ConnectorError, token: string | null) => void;
  }) => ConnectorApi;
  readonly createPhone: (account: SipAccount) => SoftPhone;
  readonly createCallLog: (args: { connector: ConnectorApi; phone: SoftPhone; settings: AgentSettings }) => CallLog;
  /** Null when the browser gives none (the agent then signs in on every load). */
  readonly storage: KeyValueStore | null;
  /** Keys are scoped by this, so two connectors used from one origin keep their sessions apart. */
  readonly storagePrefix: string;
  /** Subscribes to the page going away or out of sight (`pagehide`, `visibilitychange` hidden). */
  readonly onPageHidden: (listener: () => void) => () => void;
  readonly devices: DeviceLister | null;
  /** Longest wait for the reverse lookup of a caller before the host hears of the call without matches. */
  readonly lookupTimeoutMs?: number;
  readonly now?: () => number;
  /** The session's refresh timers; tests give fake ones. */
  readonly timers?: Timers;
  /** The timers of the presence reports sent every 30 s (`PresenceReporter`); the browser's when left out. */
  readonly presenceTimers?: Timers;
  /** Waits between asks whether an ended call is in the CRM yet; tests give one that does not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Diagnostics; never given keys, tokens or passwords. */
  readonly log?: (message: string) => void;
}
