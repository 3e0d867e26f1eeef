import type { EventHandlers, OnCallEnded, OnInitialized } from '@hubspot/calling-extensions-sdk';
import type { HostBridge, HostCallEvent, HostHandlers } from '../host-bridge.js';
import type { HostLog } from '../host-log.js';
import type { PhoneCallView } from '../../phone/phone-call.js';
import { CallingExtensions, type CallingExtensionsClass, type CallingExtensionsSdk } from './calling-extensions.js';
import { calleeRecord, type HubSpotDialNumber } from './hubspot-callee.js';
import { hubSpotEndStatus } from './hubspot-end-status.js';
import { isHubSpotOrigin } from './hubspot-origin.js';

export interface HubSpotBridgeOptions {
  readonly log?: HostLog;
  /** The widget's size in HubSpot's calling window; default 400 x 600. */
  readonly sizeInfo?: { readonly width: number; readonly height: number };
  /** Ask HubSpot to create the call engagement (`createEngagement`); default true. */
  readonly createEngagement?: boolean;
  /** Longest wait for HubSpot's first message (SYNC); default 30 s, HubSpot's own limit. */
  readonly readyTimeoutMs?: number;
  /** Accept a loopback host page: tests and local demos only. */
  readonly allowLoopback?: boolean;
  /** The SDK class; the installed `@hubspot/calling-extensions-sdk` by default. */
  readonly sdk?: CallingExtensionsClass;
}

/** What the bridge remembers of one call until HubSpot has heard `callCompleted` for it. */
interface TrackedCall {
  last: PhoneCallView;
  engagementId: number | string | null;
  awaitingEngagement: boolean;
  endedSent: boolean;
}

type EngagementData = { readonly engagementId?: number | string; readonly externalCallId?: string } | undefined;

/**
 * The softphone as a HubSpot calling extension, on `@hubspot/calling-extensions-sdk`. HubSpot frames the widget and
 * opens the conversation (SYNC); the bridge answers `initialized`, dials what HubSpot asks (`onDialNumber`, for the
 * callee HubSpot names in `calleeInfo`), and reports each call keyed by its SIP Call-ID (`externalCallId`):
 * `outgoingCall`/`incomingCall`, `callAnswered`, `callEnded`, then `callCompleted`.
 *
 * `callCompleted` is sent for every call HubSpot heard of, even a failed one, one without engagement, or one cut by
 * `stop`: without it HubSpot keeps a ghost call open on the record. Only HubSpot app origins are obeyed.
 */
export class HubSpotBridge implements HostBridge {
  readonly name = 'hubspot';
  private readonly log: HostLog;
  private readonly createEngagement: boolean;
  private readonly calls = new Map<string, TrackedCall>();
  private sdk: CallingExtensionsSdk | null = null;
  private handlers: HostHandlers | null = null;
  private ready = false;
  private loggedIn = false;
  private pending: { resolve: () => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(private readonly options: HubSpotBridgeOptions = {}) {
    this.log = options.log ?? console;
    this.createEngagement = options.createEngagement ?? true;
  }

  start(handlers: HostHandlers): Promise<void> {
    if (this.sdk !== null) return Promise.reject(new Error('The HubSpot bridge is already started.'));
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new Error(
            `HubSpot did not connect within ${timeoutMs / 1000} s. Open the softphone from a HubSpot ` +
              'record (Call, then choose this app), or reload the page.',
          ),
        );
      }, timeoutMs);
      this.pending = { resolve, reject, timer };
      this.handlers = handlers;
      const Sdk = this.options.sdk ?? CallingExtensions;
      this.sdk = new Sdk({ debugMode: false, eventHandlers: this.eventHandlers() });
    });
  }

  signedIn(): void {
    this.loggedIn = true;
    this.send('userLoggedIn', (sdk) => sdk.userLoggedIn());
  }

  signedOut(): void {
    this.loggedIn = false;
    this.send('userLoggedOut', (sdk) => sdk.userLoggedOut());
  }

  notify(event: HostCallEvent): void {
    if (event.type === 'logged') return;
    if (!this.ready) {
      this.log.warn(`HubSpot is not connected: the ${event.type} event of call ${event.call.callId} was not sent.`);
      return;
    }
    const call = event.call;
    const externalCallId = call.callId;
    const info = { externalCallId, callStartTime: call.startedAt, createEngagement: this.createEngagement };
    switch (event.type) {
      case 'outgoing':
        this.track(call);
        this.send('outgoingCall', (sdk) => sdk.outgoingCall({ ...info, toNumber: call.remote.user, fromNumber: call.local }));
        break;
      case 'incoming':
        this.track(call);
        this.send('incomingCall', (sdk) => sdk.incomingCall({ ...info, fromNumber: call.remote.user, toNumber: call.local }));
        break;
      case 'answered':
        this.track(call);
        this.send('callAnswered', (sdk) => sdk.callAnswered({ externalCallId }));
        break;
      case 'ended':
        this.sendEnded(this.track(call));
        break;
      case 'completed':
        this.complete(this.track(call));
        break;
    }
  }

  /** HubSpot shows its calling window itself; the SDK has no call to open it. */
  showPanel(): void {}

  stop(): void {
    if (this.pending !== null) this.fail(new Error('The softphone stopped before HubSpot connected.'));
    if (this.ready) for (const tracked of [...this.calls.values()]) this.complete(tracked);
    this.sdk?.iFrameManager.remove();
    this.sdk = null;
    this.handlers = null;
    this.ready = false;
  }

  private eventHandlers(): EventHandlers {
    const debug = (what: string) => (data: unknown) => this.log.debug(`HubSpot: ${what}`, JSON.stringify(data ?? null));
    const failed = (what: string) => (data: unknown) => this.log.warn(`HubSpot: ${what} failed`, JSON.stringify(data ?? null));
    return {
      onReady: (data: { engagementId?: number } | undefined) => this.onReady(data),
      onDialNumber: (data: HubSpotDialNumber | undefined) => this.onDialNumber(data ?? {}),
      onEndCall: () => {
        if (this.ready) this.handlers?.hangup();
      },
      onCreateEngagementSucceeded: (data: EngagementData) => this.onEngagement(data),
      onEngagementCreated: (data: EngagementData) => this.onEngagement(data),
      onCreateEngagementFailed: (data: EngagementData) => {
        failed('creating the call engagement')(data);
        this.onEngagementFailed(data);
      },
      onInitiateCallIdSucceeded: (data: EngagementData) => {
        if (data?.engagementId !== undefined && data.externalCallId !== undefined) this.onEngagement(data);
      },
      onInitiateCallIdFailed: failed('initiating a call id'),
      onNavigateToRecordFailed: failed('opening the record'),
      onPublishToChannelFailed: failed('publishing the call'),
      onFinalizeEngagementFailed: failed('finalizing the engagement'),
      onUpdateEngagementFailed: failed('updating the engagement'),
      onSetWidgetUrlFailed: failed('changing the widget address'),
      onFailed: failed('a request'),
      onVisibilityChanged: debug('visibility changed'),
      onCallerIdMatchSucceeded: debug('caller id matched'),
      onCallerIdMatchFailed: debug('no caller id match'),
      onPublishToChannelSucceeded: debug('published to channel'),
      onFinalizeEngagementSucceeded: debug('engagement finalized'),
      onSetCallState: debug('set call state'),
      onUpdateEngagementSucceeded: debug('engagement updated'),
      defaultEventHandler: debug('unhandled message'),
    };
  }

  /** HubSpot answered SYNC (or moved the widget): check who it is, then say we are ready, every time it asks. */
  private onReady(data: { engagementId?: number } | undefined): void {
    const sdk = this.sdk;
    if (sdk === null) return;
    if (!this.ready) {
      const host = sdk.iFrameManager.destinationHost;
      if (!isHubSpotOrigin(host, this.options.allowLoopback ?? false)) {
        this.fail(new Error(`This softphone runs only inside HubSpot; it was opened by ${host}.`));
        return;
      }
      this.ready = true;
    }
    const initialized: OnInitialized & { sizeInfo: { width: number; height: number } } = {
      isLoggedIn: this.loggedIn,
      sizeInfo: { width: this.options.sizeInfo?.width ?? 400, height: this.options.sizeInfo?.height ?? 600 },
      ...(typeof data?.engagementId === 'number' ? { engagementId: data.engagementId } : {}),
    };
    this.send('initialized', (ready) => ready.initialized(initialized));
    if (this.pending !== null) {
      clearTimeout(this.pending.timer);
      this.pending.resolve();
      this.pending = null;
    }
  }

  private onDialNumber(data: HubSpotDialNumber): void {
    const handlers = this.handlers;
    if (!this.ready || handlers === null) return;
    const number = String(data.phoneNumber ?? '').trim();
    if (number === '') {
      this.log.warn('HubSpot asked to dial without a phone number; nothing dialled.');
      return;
    }
    try {
      handlers.dial({ number, record: calleeRecord(data) });
    } catch (error) {
      this.log.error(`HubSpot: dialling ${number} failed: ${reason(error)}`);
    }
  }

  /** The engagement belongs to the call HubSpot names, else to the latest call still waiting for one. */
  private onEngagement(data: EngagementData): void {
    const engagementId = data?.engagementId;
    if (engagementId === undefined || engagementId === null) return;
    const tracked = this.engagementOwner(data?.externalCallId);
    if (tracked === undefined) {
      this.log.warn(`HubSpot created engagement ${engagementId} for no call the softphone knows.`);
      return;
    }
    tracked.engagementId = engagementId;
    tracked.awaitingEngagement = false;
    this.log.debug(`HubSpot: engagement ${engagementId} is call ${tracked.last.callId}`);
  }

  private onEngagementFailed(data: EngagementData): void {
    const tracked = this.engagementOwner(data?.externalCallId);
    if (tracked !== undefined) tracked.awaitingEngagement = false;
  }

  private engagementOwner(externalCallId: string | undefined): TrackedCall | undefined {
    if (externalCallId !== undefined) return this.calls.get(externalCallId);
    return [...this.calls.values()].reverse().find((tracked) => tracked.awaitingEngagement);
  }

  private track(call: PhoneCallView): TrackedCall {
    const known = this.calls.get(call.callId);
    if (known !== undefined) {
      known.last = call;
      return known;
    }
    const tracked: TrackedCall = { last: call, engagementId: null, awaitingEngagement: this.createEngagement, endedSent: false };
    this.calls.set(call.callId, tracked);
    return tracked;
  }

  private sendEnded(tracked: TrackedCall): void {
    if (tracked.endedSent) return;
    tracked.endedSent = true;
    const payload = {
      externalCallId: tracked.last.callId,
      callEndStatus: hubSpotEndStatus(tracked.last),
      ...(tracked.engagementId !== null ? { engagementId: tracked.engagementId } : {}),
    };
    // The SDK's type makes engagementId required; HubSpot's guide lists it as optional, and a call without one has none.
    this.send('callEnded', (sdk) => sdk.callEnded(payload as OnCallEnded));
  }

  private complete(tracked: TrackedCall): void {
    this.sendEnded(tracked);
    const externalCallId = tracked.last.callId;
    const engagementId = tracked.engagementId;
    this.send('callCompleted', (sdk) =>
      sdk.callCompleted({ externalCallId, hideWidget: false, ...(engagementId !== null ? { engagementId } : {}) }),
    );
    this.calls.delete(externalCallId);
  }

  /** Sends one message once HubSpot is connected; the SDK throwing is logged, never passed to the call. */
  private send(what: string, action: (sdk: CallingExtensionsSdk) => void): void {
    const sdk = this.sdk;
    if (sdk === null || !this.ready) return;
    try {
      action(sdk);
    } catch (error) {
      this.log.error(`HubSpot: ${what} could not be sent: ${reason(error)}`);
    }
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = null;
    if (pending !== null) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.sdk?.iFrameManager.remove();
    this.sdk = null;
    this.handlers = null;
    this.ready = false;
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
