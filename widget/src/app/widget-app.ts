import type { DialRequest } from '../hosts/host-bridge.js';
import type { WidgetActions, WidgetState } from '../ui/widget-state.js';
import { AppModel } from './app-model.js';
import type { WidgetAppDeps } from './app-ports.js';
import { CallDesk } from './call-desk.js';
import { DeviceSettings } from './device-settings.js';
import { HostGate } from './host-gate.js';
import { SessionFlow } from './session-flow.js';
import { SessionStore } from './session-store.js';
import { TransferFlow } from './transfer-flow.js';

/**
 * The widget: host bridge + connector client + softphone + call log, composed, with the state the view renders.
 *
 * - Sign in (a sign-in key, or the CRM's account in a popup) -> a short-lived session, refreshed while the widget is
 *   open -> settings -> phone from `settings.sip` (a clear message when the admin gave none) -> start -> host
 *   `signedIn`. A session the connector refuses signs the widget out without cutting calls in progress.
 * - A host click or the dial pad -> `connector.resolve` -> a refusal or an unusable number is shown and never
 *   dialled -> `phone.dial` with the record remembered for the call log and the host -> host `outgoing`.
 * - An inbound call -> reverse lookup -> the caller's name on the incoming screen, host `incoming` with the matches,
 *   and the host shows its panel.
 * - Every ended call the agent handled -> wrap-up -> call log wrap-up and host `completed` (also when skipped).
 * - The page going away or out of sight -> the queued call events go by beacon.
 *
 * Everything outside is injected (`WidgetAppDeps`), so tests run it against fakes and no DOM.
 */
export class WidgetApp {
  readonly actions: WidgetActions;
  private readonly model: AppModel;
  private readonly host: HostGate;
  private readonly desk: CallDesk;
  private readonly transfer: TransferFlow;
  private readonly session: SessionFlow;
  private readonly devices: DeviceSettings;
  private readonly store: SessionStore;
  private stopPageWatch: (() => void) | null = null;

  constructor(private readonly deps: WidgetAppDeps) {
    const log = deps.log ?? (() => {});
    this.model = new AppModel(deps.devices?.canChooseSpeaker ?? false);
    this.store = new SessionStore(deps.storage, deps.storagePrefix);
    this.host = new HostGate(deps.host, log);
    this.desk = new CallDesk(this.model, this.host, {
      lookupTimeoutMs: deps.lookupTimeoutMs ?? 4000,
      log,
      callEnded: (callId) => this.transfer.callEnded(callId),
      sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
    this.transfer = new TransferFlow(this.model, this.desk);
    this.session = new SessionFlow(this.model, this.desk, this.host, this.store, deps);
    this.devices = new DeviceSettings(this.model, deps.devices, this.store);
    this.actions = this.bindActions();
  }

  /**
   * Starts the host bridge, asks the connector which sign-ins to offer, and, when a session kept from an earlier
   * visit has not expired, signs in with it. Resolves once all settled; a host that fails to start is reported in the
   * panel, and calls still work from it.
   */
  async start(): Promise<void> {
    this.stopPageWatch = this.deps.onPageHidden(() => this.model.parts?.connector.flushWithBeacon());
    const hostStarted = this.host
      .start({ dial: (request) => void this.dial(request), hangup: () => this.desk.hangupFocused() })
      .then((problem) => {
        if (problem) this.model.tell('error', `The CRM did not connect to the phone: ${problem} Calls still work from this panel.`);
      });
    const methods = this.session.loadMethods();
    if (!(await this.session.resume())) this.model.emit();
    await Promise.all([hostStarted, methods]);
  }

  get state(): WidgetState {
    return this.model.snapshot();
  }

  /** Calls `listener` now and after every change. */
  subscribe(listener: (state: WidgetState) => void): () => void {
    return this.model.subscribe(listener);
  }

  /** What a host click or `window.ClickToCall.dial` asks for. */
  dial(request: DialRequest): Promise<void> {
    return this.desk.dial(request);
  }

  /** Whether leaving the page now would cut a call (the page asks the agent first). */
  hasLiveCalls(): boolean {
    return this.model.entries.size > 0;
  }

  async stop(): Promise<void> {
    this.stopPageWatch?.();
    this.stopPageWatch = null;
    await this.session.stop();
    this.host.stop();
  }

  private bindActions(): WidgetActions {
    const desk = this.desk;
    const session = this.session;
    const transfer = this.transfer;
    const control = (callId: string, run: Parameters<CallDesk['control']>[1]) => void desk.control(callId, run);
    return {
      signInWithKey: (key) => void session.signInWithKey(key),
      signInWithCrm: (crm) => void session.signInWithCrm(crm),
      signOut: () => void session.signOut(),
      retrySettings: () => void session.retry(),
      dial: (number) => void desk.dial({ number, record: null }),
      callBack: (callId) => desk.callBack(callId),
      answer: (callId) => {
        this.model.focusedCallId = callId;
        control(callId, (c) => c.answer());
      },
      decline: (callId) => control(callId, (c) => c.decline()),
      hangup: (callId) => control(callId, (c) => c.hangup()),
      setMuted: (callId, muted) => control(callId, (c) => c.setMuted(muted)),
      hold: (callId) => control(callId, (c) => c.hold()),
      resume: (callId) => void desk.switchTo(callId),
      switchTo: (callId) => void desk.switchTo(callId),
      sendDtmf: (callId, digit) => control(callId, (c) => c.sendDtmf(digit)),
      startTransfer: (callId) => transfer.start(callId),
      transferBlind: (number) => void transfer.blind(number),
      transferAttended: (number) => void transfer.attended(number),
      completeTransfer: () => void transfer.complete(),
      cancelTransfer: () => void transfer.cancel(),
      saveWrapUp: (disposition, notes) => desk.saveWrapUp(disposition, notes),
      skipWrapUp: () => desk.skipWrapUp(),
      openSettings: () => void this.devices.open(),
      closeSettings: () => this.devices.close(),
      selectMicrophone: (deviceId) => void this.devices.select('microphone', deviceId),
      selectSpeaker: (deviceId) => void this.devices.select('speaker', deviceId),
      dismissNotice: () => {
        this.model.notice = null;
        this.model.emit();
      },
    };
  }
}
