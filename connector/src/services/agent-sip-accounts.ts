import { EphemeralSipCredentials } from '../auth/ephemeral-sip-credentials.js';
import { AppError } from '../errors/app-error.js';
import { SecretUnreadableError, type SecretBox } from '../secrets/secret-box.js';
import type { Agent, Store, StoredSipAccount } from '../store/store.js';
import { assertStrongSipPassword } from './sip-password-policy.js';
import type { IceServer, SoftphoneSettings } from './softphone-settings.js';

/** The fields both kinds of account share; null fields take the tenant's defaults. */
interface SipAccountFields {
  readonly username: string;
  readonly authUser: string | null;
  readonly domain: string | null;
  readonly wsServer: string | null;
  readonly displayName: string | null;
}

/**
 * A SIP account as an admin gives it. `password`: a long-term password the connector keeps sealed and hands to the
 * agent's widget. `ephemeral`: no password at all; the connector mints time-limited credentials from the SIP server's
 * shared secret (Kamailio `auth_ephemeral`) each time the widget asks, so no long-term secret reaches a browser.
 */
export type SipAccountInput = SipAccountFields &
  ({ readonly kind: 'password'; readonly password: string } | { readonly kind: 'ephemeral'; readonly password: null });

/** A SIP account as the admin API shows it: the values in effect, never the password. */
export interface SipAccountView {
  readonly kind: StoredSipAccount['kind'];
  readonly aor: string;
  readonly username: string;
  /** The digest user; for an ephemeral account, the user its minted credentials are for (after `<expiry>:`). */
  readonly authUser: string;
  readonly domain: string;
  /** The account's own WebSocket server, else the tenant's; null when neither is known (the widget cannot register). */
  readonly wsServer: string | null;
  readonly displayName: string | null;
}

/** `GET /api/v1/agent/settings`: the shape of `AgentSettings` in `widget/src/connector/connector-api.ts`. */
export interface AgentSettings {
  readonly agent: { readonly id: string; readonly name: string };
  readonly sip: {
    readonly aor: string;
    readonly authorizationUsername: string;
    readonly authorizationPassword: string;
    readonly wsServer: string;
    readonly displayName: string | null;
    /** The agent's caller id (E.164), presented on its calls when the SIP server honours it; null for the account's own. */
    readonly callerId: string | null;
    readonly iceServers: readonly IceServer[];
    /**
     * Only for an ephemeral account: when the minted credentials stop working (ISO 8601). The widget fetches its
     * settings again (after refreshing its session) before then; a password account's credentials do not expire.
     */
    readonly credentialsExpireAt?: string;
  } | null;
  readonly heartbeatIntervalS: number;
  readonly dispositions: readonly string[];
}

/** The session asking for settings: minted credentials last until it can no longer be refreshed. */
export interface SettingsSession {
  /** ms since the epoch: the session's sign-in time plus its maximum age. */
  readonly refreshUntil: number;
}

/** Minted credentials last this long when no session bounds them (a caller outside the session API). */
const DEFAULT_EPHEMERAL_LIFETIME_MS = 12 * 60 * 60 * 1000;

/**
 * Agents' SIP accounts: sealed on the way into the store, opened only to answer the agent itself. The seal is bound to
 * the agent's id, so a sealed password copied to another agent's row does not open. Ephemeral accounts store no
 * password; their credentials are minted per request from `ephemeralSecret`, which never leaves this object.
 */
export class AgentSipAccounts {
  readonly #ephemeral: EphemeralSipCredentials | null;
  readonly #now: () => number;

  constructor(
    private readonly deps: {
      readonly store: Store;
      readonly box: SecretBox;
      readonly softphone: SoftphoneSettings;
      /** The SIP server's `auth_ephemeral` secret (`Config.ephemeralSipSecret`); null or left out: no ephemeral accounts. */
      readonly ephemeralSecret?: string | null;
      readonly now?: () => number;
    },
  ) {
    this.#ephemeral = deps.ephemeralSecret ? new EphemeralSipCredentials(deps.ephemeralSecret) : null;
    this.#now = deps.now ?? Date.now;
  }

  /** Whether the connector can mint credentials, so ephemeral accounts may be set. */
  get ephemeralAvailable(): boolean {
    return this.#ephemeral !== null;
  }

  /**
   * The stored form of `input` for `agentId`: what `Store.createAgent` and `Store.setAgentSip` take. Every way an
   * account gets in passes here, so it refuses a weak password (422 WEAK_SIP_PASSWORD with `reasons`) and an
   * ephemeral account the connector cannot mint for (409 EPHEMERAL_SIP_UNAVAILABLE).
   */
  seal(agentId: string, input: SipAccountInput): StoredSipAccount {
    const fields = {
      username: input.username,
      domain: input.domain,
      authUser: input.authUser,
      displayName: input.displayName,
      wsServer: input.wsServer,
    };
    if (input.kind === 'ephemeral') {
      if (!this.#ephemeral) {
        throw new AppError(
          'EPHEMERAL_SIP_UNAVAILABLE',
          'Ephemeral SIP accounts need SIP_EPHEMERAL_SECRET on the connector (the secret of the SIP server’s auth_ephemeral module); set it, or give this account a password.',
        );
      }
      return { kind: 'ephemeral', ...fields, sealedPassword: null };
    }
    assertStrongSipPassword(input.password, {
      username: input.username,
      authUser: input.authUser,
      domain: input.domain ?? this.deps.softphone.sipDomain,
    });
    return { kind: 'password', ...fields, sealedPassword: this.deps.box.seal(input.password, context(agentId)) };
  }

  /** Sets or replaces the account (checked as {@link seal} checks it); AGENT_NOT_FOUND when there is no such agent. */
  async put(agentId: string, input: SipAccountInput): Promise<StoredSipAccount> {
    const stored = this.seal(agentId, input);
    await this.write(agentId, stored);
    return stored;
  }

  /** Removes the account, if any (idempotent); AGENT_NOT_FOUND when there is no such agent. */
  async remove(agentId: string): Promise<void> {
    await this.write(agentId, null);
  }

  private async write(agentId: string, stored: StoredSipAccount | null): Promise<void> {
    if (!(await this.deps.store.setAgentSip(agentId, stored))) {
      throw new AppError('AGENT_NOT_FOUND', `There is no agent with id ${agentId}; create it first with POST /api/v1/admin/agents.`);
    }
  }

  view(stored: StoredSipAccount): SipAccountView {
    const domain = stored.domain ?? this.deps.softphone.sipDomain;
    return {
      kind: stored.kind,
      aor: `sip:${stored.username}@${domain}`,
      username: stored.username,
      authUser: stored.authUser ?? stored.username,
      domain,
      wsServer: stored.wsServer ?? this.deps.softphone.wsServer,
      displayName: stored.displayName,
    };
  }

  /**
   * What the agent's widget needs to register and report; `sip` is null until it has an account and a server. For an
   * ephemeral account it mints credentials valid until `session.refreshUntil` (12 h from now without a session); when
   * the connector has no ephemeral secret (it was removed after the account was set), `sip` is null as if there were
   * no account, since nothing the agent could register with exists.
   */
  async settingsFor(agent: Agent, session?: SettingsSession): Promise<AgentSettings> {
    const stored = await this.deps.store.agentSip(agent.id);
    const view = stored ? this.view(stored) : null;
    const credentials = stored && view?.wsServer ? this.credentialsFor(agent.id, stored, view, session) : null;
    return {
      agent: { id: agent.id, name: agent.name },
      sip:
        view?.wsServer && credentials
          ? {
              aor: view.aor,
              ...credentials,
              wsServer: view.wsServer,
              displayName: view.displayName,
              callerId: agent.callerId,
              iceServers: this.deps.softphone.iceServers,
            }
          : null,
      heartbeatIntervalS: this.deps.softphone.heartbeatIntervalS,
      dispositions: this.deps.softphone.dispositions,
    };
  }

  private credentialsFor(
    agentId: string,
    stored: StoredSipAccount,
    view: SipAccountView,
    session: SettingsSession | undefined,
  ): { authorizationUsername: string; authorizationPassword: string; credentialsExpireAt?: string } | null {
    if (stored.kind === 'password') {
      return { authorizationUsername: view.authUser, authorizationPassword: this.openPassword(agentId, stored) };
    }
    if (!this.#ephemeral) return null;
    const minted = this.#ephemeral.mint({
      username: view.authUser,
      expiresAt: session?.refreshUntil ?? this.#now() + DEFAULT_EPHEMERAL_LIFETIME_MS,
    });
    return {
      authorizationUsername: minted.authorizationUsername,
      authorizationPassword: minted.authorizationPassword,
      credentialsExpireAt: new Date(minted.expiresAt).toISOString(),
    };
  }

  private openPassword(agentId: string, stored: StoredSipAccount): string {
    try {
      if (stored.sealedPassword === null) throw new SecretUnreadableError('a password account has no stored password');
      return this.deps.box.open(stored.sealedPassword, context(agentId));
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      throw new AppError('SIP_PASSWORD_UNREADABLE', undefined, {}, {}, error);
    }
  }
}

function context(agentId: string): string {
  return `agent-sip:${agentId}`;
}
