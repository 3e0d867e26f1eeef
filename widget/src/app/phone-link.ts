import type { AgentSettings } from '../connector/connector-api.js';
import type { SipAccount } from '../phone/sip-account.js';
import type { SoftPhone } from '../phone/soft-phone.js';
import type { AppModel } from './app-model.js';
import { errorText } from './async-tools.js';
import type { CallDesk } from './call-desk.js';
import type { SessionStore } from './session-store.js';

/**
 * Time-limited SIP credentials are renewed when a session refresh finds them this close to their expiry. They last
 * about 15 minutes past the session token they came with and refreshes come every ten minutes or so, so this renews
 * at each refresh, and a renewal that fails is tried again at the next while the credentials still work.
 */
const CREDENTIALS_RENEW_MS = 25 * 60_000;

/**
 * The signed-in agent's phone as the app follows it: its events into the model and the call desk, the audio devices
 * the agent chose last time, and the SIP credentials it registers with, renewed when they are time-limited.
 */
export class PhoneLink {
  private listeners: (() => void)[] = [];
  /** The settings the phone was made or last updated with. */
  private settings: AgentSettings | null = null;

  constructor(
    private readonly model: AppModel,
    private readonly desk: CallDesk,
    private readonly store: SessionStore,
    private readonly now: () => number,
    private readonly log: (message: string) => void,
  ) {}

  /** Follows a new phone made from `settings`, with the saved devices applied before it starts. */
  async attach(phone: SoftPhone, settings: AgentSettings): Promise<void> {
    const m = this.model;
    this.settings = settings;
    this.listeners.push(
      phone.on('registration', (state, problem) => {
        m.registration = state;
        m.registrationProblem = problem;
        m.emit();
      }),
      phone.on('call', (call) => this.desk.added(call)),
      phone.on('callchange', (call) => this.desk.changed(call)),
    );
    const saved = this.store.devices();
    m.devices = { ...m.devices, ...saved };
    if (saved.microphone) await phone.selectMicrophone(saved.microphone).catch((e: unknown) => this.log(`saved microphone not used: ${errorText(e)}`));
    if (saved.speaker) await phone.selectSpeaker(saved.speaker).catch((e: unknown) => this.log(`saved speaker not used: ${errorText(e)}`));
  }

  /** The SIP account the phone was made or last updated with; null while it follows none. */
  get account(): SipAccount | null {
    return this.settings?.sip ?? null;
  }

  detach(): void {
    this.listeners.splice(0).forEach((off) => off());
    this.settings = null;
  }

  /** Hands the phone the credentials of `next` when they differ from the ones it has. */
  update(phone: SoftPhone, next: AgentSettings): void {
    const before = this.settings?.sip;
    const after = next.sip;
    if (!after) return;
    if (after.authorizationUsername !== before?.authorizationUsername || after.authorizationPassword !== before.authorizationPassword) {
      phone.updateCredentials(after.authorizationUsername, after.authorizationPassword);
    }
    this.settings = next;
  }

  /**
   * After a session refresh: time-limited credentials close to their expiry are asked for anew (`fetch`, the
   * connector's settings) and handed to the phone; `stillWanted` says whether the answer still applies.
   */
  async renewIfExpiring(
    phone: SoftPhone,
    fetch: () => Promise<AgentSettings>,
    stillWanted: () => boolean,
    /** The connector's clock minus this browser's (`AgentSession.clockOffsetMs`): the expiry is on the connector's. */
    clockOffsetMs = 0,
  ): Promise<void> {
    const expireAt = this.settings?.sip?.credentialsExpireAt;
    if (!expireAt || !(Date.parse(expireAt) - clockOffsetMs - this.now() <= CREDENTIALS_RENEW_MS)) return;
    let fresh: AgentSettings;
    try {
      fresh = await fetch();
    } catch (error) {
      this.log(`fresh SIP credentials not fetched: ${errorText(error)}`);
      return;
    }
    if (stillWanted()) this.update(phone, fresh);
  }
}
