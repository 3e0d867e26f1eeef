import { ConnectorError, type AgentSettings, type ConnectorApi } from '../connector/connector-api.js';
import type { SoftPhone } from '../phone/soft-phone.js';
import type { AppModel } from './app-model.js';
import type { WidgetAppDeps } from './app-ports.js';
import { errorText, withTimeout } from './async-tools.js';
import type { CallDesk } from './call-desk.js';
import type { HostGate } from './host-gate.js';
import type { SessionStore } from './session-store.js';

/** Longest wait for the event queue to empty at sign-out, so a dead connector never blocks it. */
const DRAIN_TIMEOUT_MS = 3000;

/**
 * Signing in and out: token -> settings -> phone from `settings.sip` -> start -> host `signedIn` (the diagram is on
 * `WidgetState.session`). The token is kept in storage so a reload signs in again; a refused token is forgotten.
 */
export class SessionFlow {
  private run = 0;
  private phoneListeners: (() => void)[] = [];

  constructor(
    private readonly model: AppModel,
    private readonly desk: CallDesk,
    private readonly host: HostGate,
    private readonly store: SessionStore,
    private readonly deps: Pick<WidgetAppDeps, 'createConnector' | 'createPhone' | 'createCallLog' | 'log'>,
  ) {}

  async signIn(token: string): Promise<void> {
    const m = this.model;
    const run = ++this.run;
    m.session = 'signing-in';
    m.sessionMessage = null;
    m.emit();
    const connector = this.deps.createConnector(token);
    let settings: AgentSettings;
    try {
      settings = await connector.settings();
    } catch (error) {
      if (run === this.run) this.refused(token, connector, error);
      return;
    }
    if (run !== this.run) return;
    this.store.keepToken(token);
    m.agentName = settings.agent.name;
    m.dispositions = settings.dispositions;
    if (!settings.sip) {
      m.parts = { connector, phone: null, callLog: null };
      m.session = 'no-phone';
      m.sessionMessage = 'Your admin has not given you a phone (SIP) account yet. Ask them to add one, then choose Try again.';
      m.emit();
      return;
    }
    const phone = this.deps.createPhone(settings.sip);
    m.parts = { connector, phone, callLog: this.deps.createCallLog({ connector, phone, settings }) };
    this.listen(phone);
    m.session = 'ready';
    m.registration = 'connecting';
    m.emit();
    await this.applySavedDevices(phone);
    try {
      await phone.start();
    } catch (error) {
      m.registrationProblem = { code: 'server-unreachable', message: errorText(error) };
    }
    if (run !== this.run) return;
    m.registration = phone.registration;
    m.registrationProblem = phone.problem ?? m.registrationProblem;
    m.emit();
    await this.host.signedIn();
  }

  /** "Try again" on the no-phone screen: the same token, asked anew. */
  async retry(): Promise<void> {
    const token = this.store.token();
    if (token) await this.signIn(token);
    else await this.signOut();
  }

  async signOut(): Promise<void> {
    const m = this.model;
    if (m.entries.size > 0) {
      m.tell('error', 'Hang up your calls before you sign out.');
      return;
    }
    this.run += 1;
    this.desk.completeAllWrapUps();
    const parts = m.parts;
    this.stopListening();
    parts?.callLog?.stop();
    this.store.forgetToken();
    m.parts = null;
    m.session = 'signed-out';
    m.sessionMessage = null;
    m.agentName = null;
    m.registration = 'unregistered';
    m.registrationProblem = null;
    m.notice = null;
    m.settingsOpen = false;
    m.transfer = null;
    m.focusedCallId = null;
    m.emit();
    if (parts) {
      await withTimeout(parts.connector.drain(), DRAIN_TIMEOUT_MS).catch((e: unknown) => this.log(`events not all sent at sign-out: ${errorText(e)}`));
      await parts.phone?.stop().catch((e: unknown) => this.log(`phone did not stop cleanly: ${errorText(e)}`));
    }
    await this.host.signedOut();
  }

  /** Stops the phone and its listeners without signing out (the page is going away). */
  async stop(): Promise<void> {
    this.run += 1;
    this.stopListening();
    // The phone hangs up what is left: its calls' `ended` events must still reach the reporter before it stops.
    await this.model.parts?.phone?.stop().catch(() => undefined);
    this.model.parts?.callLog?.stop();
    this.model.parts?.connector.flushWithBeacon();
  }

  private refused(token: string, connector: ConnectorApi, error: unknown): void {
    const m = this.model;
    if (error instanceof ConnectorError && (error.status === 401 || error.status === 403)) {
      this.store.forgetToken();
      m.session = 'signed-out';
      m.sessionMessage =
        error.status === 401 ? 'That token was not accepted. Check that you pasted all of it, or ask your admin for a new one.' : error.message;
    } else {
      this.store.keepToken(token);
      m.parts = { connector, phone: null, callLog: null };
      m.session = 'no-phone';
      m.sessionMessage = `Could not reach the connector: ${errorText(error)} Check your network, then choose Try again.`;
    }
    m.emit();
  }

  private listen(phone: SoftPhone): void {
    const m = this.model;
    this.phoneListeners.push(
      phone.on('registration', (state, problem) => {
        m.registration = state;
        m.registrationProblem = problem;
        m.emit();
      }),
      phone.on('call', (call) => this.desk.added(call)),
      phone.on('callchange', (call) => this.desk.changed(call)),
    );
  }

  private stopListening(): void {
    this.phoneListeners.splice(0).forEach((off) => off());
  }

  private async applySavedDevices(phone: SoftPhone): Promise<void> {
    const saved = this.store.devices();
    this.model.devices = { ...this.model.devices, ...saved };
    if (saved.microphone) await phone.selectMicrophone(saved.microphone).catch((e: unknown) => this.log(`saved microphone not used: ${errorText(e)}`));
    if (saved.speaker) await phone.selectSpeaker(saved.speaker).catch((e: unknown) => this.log(`saved speaker not used: ${errorText(e)}`));
  }

  private log(message: string): void {
    this.deps.log?.(message);
  }
}
