import type { AgentSession, CrmSignIn, SignInMethod } from '../connector/agent-session.js';
import { ConnectorError, type AgentSettings } from '../connector/connector-api.js';
import { browserTimers } from '../connector/connector-ports.js';
import type { PhoneProblem } from '../phone/phone-problem.js';
import type { RegistrationState } from '../phone/registration-state.js';
import type { AppModel } from './app-model.js';
import type { WidgetAppDeps } from './app-ports.js';
import { errorText, withTimeout } from './async-tools.js';
import type { CallDesk } from './call-desk.js';
import type { HostGate } from './host-gate.js';
import { PhoneLink } from './phone-link.js';
import { newWidgetId, PresenceReporter } from './presence-reporter.js';
import { NO_PHONE_MESSAGE, PhoneSetup } from './phone-setup.js';
import { PushFollower } from './push-follower.js';
import { SessionKeeper } from './session-keeper.js';
import type { SessionStore } from './session-store.js';
import { adminEndedMessage, SESSION_ENDED_MESSAGE, signInProblem } from './sign-in-problem.js';

/** Longest wait for the event queue to empty at sign-out, so a dead connector never blocks it. */
const DRAIN_TIMEOUT_MS = 3000;
/** Longest wait for the connector to end the session at sign-out; the widget forgets it either way. */
const SIGN_OUT_TIMEOUT_MS = 3000;

export type SessionFlowDeps = Pick<
  WidgetAppDeps,
  'host' | 'auth' | 'signInWithCrm' | 'createConnector' | 'createPhone' | 'createCallLog' | 'timers' | 'presenceTimers' | 'now' | 'log'
>;

/**
 * Signing in and out (the diagram is on `WidgetState.session`): a sign-in key or the CRM's popup -> a session (kept
 * and refreshed by `SessionKeeper`) -> settings -> phone from `settings.sip` -> start -> host `signedIn`.
 *
 * A session that ends under the agent (refused by the connector, past its maximum age) signs the widget out but
 * leaves the phone, its calls and the queued call events alone: the same agent signing in again takes them back,
 * and the events go with that agent's new session. Another agent signing in first hangs them up; their events stay
 * queued under the first agent's key and are never sent with the second agent's session.
 *
 * While signed in, the widget follows the connector's pushes (`PushFollower`): a session ended elsewhere (an admin, or
 * the agent signing out in another tab) signs it out at once and unregisters the phone at once, the calls in
 * progress going on; changed settings are read again and applied, a changed SIP account by registering anew once no
 * call is in progress; a screen pop goes to the desk.
 */
export class SessionFlow {
  private run = 0;
  /** The agent `model.parts` belong to; they outlive a session that ended, for that agent's next sign-in. */
  private partsAgentId: string | null = null;
  private readonly keeper: SessionKeeper;
  private readonly phone: PhoneLink;
  private readonly presence: PresenceReporter;
  private readonly follower: PushFollower;
  private readonly setup: PhoneSetup;
  private readonly now: () => number;

  constructor(
    private readonly model: AppModel,
    private readonly desk: CallDesk,
    private readonly host: HostGate,
    private readonly store: SessionStore,
    private readonly deps: SessionFlowDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.phone = new PhoneLink(model, desk, store, this.now, (message) => this.log(message));
    this.presence = new PresenceReporter({
      widgetId: newWidgetId(),
      host: deps.host.name === 'salesforce-opencti' ? 'salesforce' : deps.host.name,
      timers: deps.presenceTimers ?? browserTimers,
      log: (message) => this.log(message),
    });
    this.keeper = new SessionKeeper({
      auth: deps.auth,
      store,
      timers: deps.timers ?? browserTimers,
      now: this.now,
      onRefreshed: () => void this.renewCredentials(),
      onEnded: (error) => void this.ended(error),
      log: (message) => this.log(message),
    });
    this.setup = new PhoneSetup(model, this.phone, this.presence, { ...deps, log: (message) => this.log(message) });
    this.follower = new PushFollower({
      sessionEnded: (reason) => void this.endedElsewhere(reason),
      readSettings: () => this.readSettings(),
      screenPop: (pop) => desk.screenPop(pop),
    });
  }

  /** Asks the connector which sign-ins to offer; the key alone when it cannot say. */
  async loadMethods(): Promise<void> {
    try {
      this.model.signInMethods = await this.deps.auth.methods();
      this.model.emit();
    } catch (error) {
      this.log(`sign-in methods not known: ${errorText(error)}`);
    }
  }

  /** On load: a kept session that has not expired signs in without asking. False when there is none. */
  async resume(): Promise<boolean> {
    const kept = this.store.session();
    if (!kept || kept.expiresAt <= this.now()) {
      this.store.forgetSession();
      return false;
    }
    await this.begin(kept, this.starting(null));
    return true;
  }

  async signInWithKey(key: string): Promise<void> {
    await this.signInWith('key', () => this.deps.auth.signInWithKey(key));
  }

  async signInWithCrm(crm: CrmSignIn): Promise<void> {
    // Before anything else, while the agent's click is still running: a popup opened later is blocked.
    let pending: Promise<AgentSession>;
    try {
      pending = this.deps.signInWithCrm(crm);
    } catch (error) {
      pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    await this.signInWith(crm, () => pending);
  }

  /** "Try again" on the no-phone screen: the same session, asked anew. */
  async retry(): Promise<void> {
    const session = this.keeper.current;
    if (session) await this.begin(session, this.starting(null));
    else await this.signOut();
  }

  async signOut(): Promise<void> {
    const m = this.model;
    if (m.entries.size > 0) {
      m.tell('error', 'Hang up your calls before you sign out.');
      return;
    }
    const run = ++this.run;
    const session = this.keeper.current;
    // Held, not forgotten yet: the queued events still go with it below; but a reload now must not sign in again.
    this.keeper.hold();
    this.store.forgetSession();
    this.desk.completeAllWrapUps();
    const parts = m.parts;
    this.presence.stop(true);
    this.stopFollowing();
    this.phone.detach();
    parts?.callLog?.stop();
    m.parts = null;
    this.partsAgentId = null;
    this.showSignedOut(null);
    m.registration = 'unregistered';
    m.registrationProblem = null;
    m.notice = null;
    m.transfer = null;
    m.focusedCallId = null;
    m.emit();
    if (parts) {
      await withTimeout(parts.connector.drain(), DRAIN_TIMEOUT_MS).catch((e: unknown) => this.log(`events not all sent at sign-out: ${errorText(e)}`));
      parts.connector.stop();
      await parts.phone?.stop().catch((e: unknown) => this.log(`phone did not stop cleanly: ${errorText(e)}`));
    }
    // The agent may have signed in again while the events drained: telling the connector now would end that new
    // session (sign-out ends all of the agent's), and the host must not hear "signed out" after "signed in".
    const signedInAgain = this.run !== run;
    if (session) {
      if (signedInAgain && this.keeper.current?.agent.id === session.agent.id) {
        this.log('signed in again before the sign-out was sent: the old session is left to expire');
      } else {
        await withTimeout(this.deps.auth.signOut(session.token), SIGN_OUT_TIMEOUT_MS).catch((e: unknown) =>
          this.log(`the connector did not confirm the sign-out: ${errorText(e)}`),
        );
      }
      this.keeper.clear(session);
    }
    if (!signedInAgain) await this.host.signedOut();
  }

  /** Stops the phone and its listeners without signing out (the page is going away). */
  async stop(): Promise<void> {
    this.run += 1;
    this.keeper.hold();
    this.presence.stop(true);
    this.stopFollowing();
    this.phone.detach();
    // The phone hangs up what is left: its calls' `ended` events must still reach the reporter before it stops.
    await this.model.parts?.phone?.stop().catch(() => undefined);
    this.model.parts?.callLog?.stop();
    this.model.parts?.connector.flushWithBeacon();
  }

  private async signInWith(method: SignInMethod, obtain: () => Promise<AgentSession>): Promise<void> {
    const run = this.starting(method);
    let session: AgentSession;
    try {
      session = await obtain();
    } catch (error) {
      if (run !== this.run) return;
      this.showSignedOut(signInProblem(error, method));
      this.model.emit();
      return;
    }
    if (run === this.run) await this.begin(session, run);
  }

  private starting(method: SignInMethod | null): number {
    const m = this.model;
    m.session = 'signing-in';
    m.signingInWith = method;
    m.sessionMessage = null;
    m.emit();
    return ++this.run;
  }

  /** A session in hand: the agent's parts (kept from before, or new), its settings, and the phone. */
  private async begin(session: AgentSession, run: number): Promise<void> {
    const m = this.model;
    const agentId = session.agent.id;
    if (this.partsAgentId !== null && this.partsAgentId !== agentId) await this.dropParts();
    if (run !== this.run) return;
    this.keeper.start(session);
    m.agentName = session.agent.name;
    let parts = m.parts;
    if (parts) {
      parts.connector.resume();
    } else {
      const connector = this.deps.createConnector({
        agentId,
        token: () => this.keeper.tokenFor(agentId),
        onAuthRefused: (error, token) => this.keeper.refused(token, error),
      });
      parts = { connector, phone: null, callLog: null };
      m.parts = parts;
    }
    this.partsAgentId = agentId;
    const { connector } = parts;
    let settings: AgentSettings;
    try {
      settings = await connector.settings();
    } catch (error) {
      if (run === this.run) this.settingsFailed(error);
      return;
    }
    if (run !== this.run) return;
    this.follower.follow(connector);
    m.agentName = settings.agent.name;
    m.dispositions = settings.dispositions;
    if (parts.phone) {
      // The same agent back after its session ended: the phone kept its calls, and its registration unless the
      // session was ended elsewhere (`endedElsewhere`), which unregistered it: then it registers again.
      this.phone.update(parts.phone, settings);
      if (parts.phone.registration === 'unregistered') {
        await parts.phone.start().catch((e: unknown) => this.log(`phone did not register again: ${errorText(e)}`));
        if (run !== this.run) return;
      }
      this.presence.start(connector, parts.phone);
      this.showReady(parts.phone.registration, parts.phone.problem);
      await this.host.signedIn();
      return;
    }
    if (!settings.sip) {
      m.session = 'no-phone';
      m.signingInWith = null;
      m.sessionMessage = NO_PHONE_MESSAGE;
      m.emit();
      return;
    }
    this.showReady('connecting', null);
    await this.setup.start(connector, settings, () => run === this.run);
    if (run === this.run) await this.host.signedIn();
  }

  /**
   * A push said the settings changed (or may have): see `PhoneSetup.refresh`. Without a phone yet, one is started once
   * the settings hold a SIP account (read first, so a push that changes nothing never flashes the sign-in screen).
   */
  private async readSettings(): Promise<void> {
    const run = this.run;
    const m = this.model;
    const parts = m.parts;
    if (!parts || !this.keeper.current) return;
    if (m.session !== 'no-phone') {
      await this.setup.refresh(() => run === this.run);
      return;
    }
    const settings = await parts.connector.settings().catch((e: unknown) => this.log(`changed settings not read: ${errorText(e)}`));
    if (!settings || run !== this.run || m.session !== 'no-phone') return;
    if (settings.sip) {
      await this.retry();
    } else if (m.sessionMessage !== NO_PHONE_MESSAGE) {
      m.sessionMessage = NO_PHONE_MESSAGE;
      m.emit();
    }
  }

  private stopFollowing(): void {
    this.follower.stop();
    this.setup.cancel();
  }

  private showReady(registration: RegistrationState, problem: PhoneProblem | null): void {
    const m = this.model;
    m.session = 'ready';
    m.signingInWith = null;
    m.sessionMessage = null;
    m.registration = registration;
    m.registrationProblem = problem;
    m.emit();
  }

  private settingsFailed(error: unknown): void {
    const m = this.model;
    if (error instanceof ConnectorError && (error.status === 401 || error.status === 403)) {
      this.keeper.clear();
      this.showSignedOut(signInProblem(error, null));
    } else {
      m.session = 'no-phone';
      m.signingInWith = null;
      m.sessionMessage = `Could not reach the connector: ${errorText(error)} Check your network, then choose Try again.`;
    }
    m.emit();
  }

  /** The keeper's word that the session is over (or an admin's, with `message`). Calls in progress go on; see the class comment. */
  private async ended(error: ConnectorError | null, message?: string): Promise<void> {
    this.run += 1;
    const m = this.model;
    // No session to report with; the connector sees the widget go quiet and stops counting it after a minute.
    this.presence.stop();
    this.stopFollowing();
    this.showSignedOut(message ?? (error?.status === 403 ? error.message : SESSION_ENDED_MESSAGE));
    // The call screens stay while calls go on (the phone keeps them); the sign-in screen follows them.
    if (m.entries.size > 0) m.tell('error', `${m.sessionMessage ?? SESSION_ENDED_MESSAGE} Your call goes on; sign in again once it is over.`);
    m.emit();
    await this.host.signedOut();
  }

  /**
   * The agent's sessions were ended elsewhere (pushed: an admin, or its sign-out in another tab): signed out at once
   * with the reason, and the phone unregistered at once, so no new call rings for an agent that can no longer report
   * it. Calls in progress go on; the phone is dropped once they are over.
   */
  private async endedElsewhere(reason: string): Promise<void> {
    const parts = this.model.parts;
    const phone = parts?.phone;
    this.keeper.clear();
    // Without a call the phone is dropped below, which unregisters it too.
    if (phone && phone.calls.length > 0) void phone.unregister().catch((e: unknown) => this.log(`phone did not unregister: ${errorText(e)}`));
    await this.ended(null, adminEndedMessage(reason));
    if (!phone) return;
    const run = this.run;
    this.setup.afterCalls(phone, () => {
      if (run === this.run && this.model.parts === parts) void this.dropParts().then(() => this.model.emit());
    });
  }

  private showSignedOut(message: string | null): void {
    const m = this.model;
    m.session = 'signed-out';
    m.signingInWith = null;
    m.sessionMessage = message;
    m.agentName = null;
    m.settingsOpen = false;
  }

  /** Another agent signs in: the previous agent's calls are hung up and its parts go; its events stay queued. */
  private async dropParts(): Promise<void> {
    const m = this.model;
    const parts = m.parts;
    // Reports stopped when that agent's session ended (`ended`) or it signed out; this only makes sure.
    this.presence.stop();
    this.stopFollowing();
    // The phone hangs up what is left: its calls' `ended` events must still reach the reporter before it stops.
    await parts?.phone?.stop().catch((e: unknown) => this.log(`phone did not stop cleanly: ${errorText(e)}`));
    parts?.callLog?.stop();
    parts?.connector.stop();
    this.phone.detach();
    this.desk.completeAllWrapUps();
    m.entries.clear();
    m.parts = null;
    m.recent = [];
    m.transfer = null;
    m.focusedCallId = null;
    m.registration = 'unregistered';
    m.registrationProblem = null;
    this.partsAgentId = null;
  }

  /** After a refresh: time-limited SIP credentials close to their expiry are renewed. */
  private async renewCredentials(): Promise<void> {
    const run = this.run;
    await this.setup.renewIfExpiring(this.keeper.current?.clockOffsetMs ?? 0, () => run === this.run);
  }

  private log(message: string): void {
    this.deps.log?.(message);
  }
}
