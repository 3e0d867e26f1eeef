import type { AgentSettings, ConnectorApi } from '../connector/connector-api.js';
import type { SoftPhone } from '../phone/soft-phone.js';
import type { AppModel } from './app-model.js';
import type { WidgetAppDeps } from './app-ports.js';
import { errorText } from './async-tools.js';
import type { PhoneLink } from './phone-link.js';
import type { PresenceReporter } from './presence-reporter.js';
import { needsNewRegistration } from './sip-account-change.js';

/** What the no-phone screen says. */
export const NO_PHONE_MESSAGE = 'Your admin has not given you a phone (SIP) account yet. Ask them to add one, then choose Try again.';

/**
 * The signed-in agent's phone from its settings: made from `settings.sip`, followed (`PhoneLink`), started and
 * reported (`PresenceReporter`); and, when the settings change under it, given fresh credentials in place or replaced
 * by a phone on the new account (or none) once no call is in progress. `stillWanted` says whether the session that
 * asked is still the current one; once it is not, nothing more is done for it.
 */
export class PhoneSetup {
  /** Undoes the wait for the calls to end. */
  private offAfterCalls: (() => void) | null = null;

  constructor(
    private readonly model: AppModel,
    private readonly link: PhoneLink,
    private readonly presence: PresenceReporter,
    private readonly deps: Pick<WidgetAppDeps, 'createPhone' | 'createCallLog'> & { readonly log: (message: string) => void },
  ) {}

  /** A phone for `settings.sip` (which MUST be set), started, with the registration's outcome shown. */
  async start(connector: ConnectorApi, settings: AgentSettings, stillWanted: () => boolean): Promise<void> {
    const m = this.model;
    const phone = this.deps.createPhone(settings.sip!);
    m.parts = { connector, phone, callLog: this.deps.createCallLog({ connector, phone, settings }) };
    await this.link.attach(phone, settings);
    let problem = null;
    try {
      await phone.start();
    } catch (error) {
      problem = { code: 'server-unreachable', message: errorText(error) } as const;
    }
    // A refresh may have replaced this phone while it started: the new one reports, not this one.
    if (!stillWanted() || m.parts?.phone !== phone) return;
    this.presence.start(connector, phone);
    m.registration = phone.registration;
    m.registrationProblem = phone.problem ?? problem;
    m.emit();
  }

  /**
   * The settings read again while the agent is ready: the name and dispositions show at once; credentials for the
   * same account go to the phone at once; another account (or none) replaces the phone at once when no call is in
   * progress. During a call, the replacement waits for the calls to end and then reads the settings anew (those read
   * now may be changed back meanwhile, or hold time-limited credentials that expire during a long call); a change back
   * to the phone's own account cancels it.
   */
  async refresh(stillWanted: () => boolean): Promise<void> {
    const m = this.model;
    const parts = m.parts;
    if (!parts) return;
    let settings: AgentSettings;
    try {
      settings = await parts.connector.settings();
    } catch (error) {
      this.deps.log(`changed settings not read: ${errorText(error)}`);
      return;
    }
    if (!stillWanted() || m.parts !== parts || m.session !== 'ready') return;
    m.agentName = settings.agent.name;
    m.dispositions = settings.dispositions;
    m.emit();
    const before = this.link.account;
    const phone = parts.phone;
    if (!phone || !before) return;
    if (settings.sip && !needsNewRegistration(before, settings.sip)) {
      this.cancel();
      this.link.update(phone, settings);
      return;
    }
    if (phone.calls.length === 0) {
      this.cancel();
      void this.replace(settings, stillWanted);
      return;
    }
    this.afterCalls(phone, () => {
      if (this.model.parts === parts && stillWanted()) void this.refresh(stillWanted);
    });
  }

  /** After a session refresh: time-limited SIP credentials close to their expiry are renewed (`PhoneLink`). */
  async renewIfExpiring(clockOffsetMs: number, stillWanted: () => boolean): Promise<void> {
    const parts = this.model.parts;
    if (!parts?.phone) return;
    await this.link.renewIfExpiring(parts.phone, () => parts.connector.settings(), () => stillWanted() && this.model.parts === parts, clockOffsetMs);
  }

  /** Runs `then` once `phone` has no call in progress: at once when it has none. */
  afterCalls(phone: SoftPhone, then: () => void): void {
    this.cancel();
    if (phone.calls.length === 0) {
      then();
      return;
    }
    const off = phone.on('callchange', () => {
      if (phone.calls.length > 0) return;
      this.cancel();
      then();
    });
    this.offAfterCalls = off;
  }

  /** Forgets what waited for the calls to end (signed out, or another change came). */
  cancel(): void {
    this.offAfterCalls?.();
    this.offAfterCalls = null;
  }

  /** Stops the phone (it unregisters) and starts one on `settings.sip`, or shows that there is none. */
  private async replace(settings: AgentSettings, stillWanted: () => boolean): Promise<void> {
    const m = this.model;
    const parts = m.parts;
    if (!parts?.phone) return;
    this.presence.stop();
    this.link.detach();
    parts.callLog?.stop();
    m.parts = { connector: parts.connector, phone: null, callLog: null };
    m.registration = settings.sip ? 'connecting' : 'unregistered';
    m.registrationProblem = null;
    if (!settings.sip) {
      m.session = 'no-phone';
      m.sessionMessage = NO_PHONE_MESSAGE;
    }
    m.emit();
    await parts.phone.stop().catch((e: unknown) => this.deps.log(`phone did not stop cleanly: ${errorText(e)}`));
    if (settings.sip && stillWanted()) await this.start(parts.connector, settings, stillWanted);
  }
}
