import { AppError } from '../errors/app-error.js';
import { SecretUnreadableError, type SecretBox } from '../secrets/secret-box.js';
import type { Agent, Store, StoredSipAccount } from '../store/store.js';
import type { IceServer, SoftphoneSettings } from './softphone-settings.js';

/** A SIP account as an admin gives it; null fields take the tenant's defaults. */
export interface SipAccountInput {
  readonly username: string;
  readonly password: string;
  readonly authUser: string | null;
  readonly domain: string | null;
  readonly wsServer: string | null;
  readonly displayName: string | null;
}

/** A SIP account as the admin API shows it: the values in effect, never the password. */
export interface SipAccountView {
  readonly aor: string;
  readonly username: string;
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
    readonly iceServers: readonly IceServer[];
  } | null;
  readonly heartbeatIntervalS: number;
  readonly dispositions: readonly string[];
}

/**
 * Agents' SIP accounts: sealed on the way into the store, opened only to answer the agent itself. The seal is bound to
 * the agent's id, so a sealed password copied to another agent's row does not open.
 */
export class AgentSipAccounts {
  constructor(private readonly deps: { readonly store: Store; readonly box: SecretBox; readonly softphone: SoftphoneSettings }) {}

  /** The stored form of `input` for `agentId`: what `Store.createAgent` and `Store.setAgentSip` take. */
  seal(agentId: string, input: SipAccountInput): StoredSipAccount {
    return {
      kind: 'password',
      username: input.username,
      domain: input.domain,
      authUser: input.authUser,
      sealedPassword: this.deps.box.seal(input.password, context(agentId)),
      displayName: input.displayName,
      wsServer: input.wsServer,
    };
  }

  /** Sets or replaces the account; AGENT_NOT_FOUND when there is no such agent. */
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
      aor: `sip:${stored.username}@${domain}`,
      username: stored.username,
      authUser: stored.authUser ?? stored.username,
      domain,
      wsServer: stored.wsServer ?? this.deps.softphone.wsServer,
      displayName: stored.displayName,
    };
  }

  /** What the agent's widget needs to register and report; `sip` is null until it has an account and a server. */
  async settingsFor(agent: Agent): Promise<AgentSettings> {
    const stored = await this.deps.store.agentSip(agent.id);
    const view = stored ? this.view(stored) : null;
    return {
      agent: { id: agent.id, name: agent.name },
      sip:
        stored && view?.wsServer
          ? {
              aor: view.aor,
              authorizationUsername: view.authUser,
              authorizationPassword: this.openPassword(agent.id, stored),
              wsServer: view.wsServer,
              displayName: view.displayName,
              iceServers: this.deps.softphone.iceServers,
            }
          : null,
      heartbeatIntervalS: this.deps.softphone.heartbeatIntervalS,
      dispositions: this.deps.softphone.dispositions,
    };
  }

  private openPassword(agentId: string, stored: StoredSipAccount): string {
    try {
      if (stored.sealedPassword === null) throw new SecretUnreadableError('an ephemeral account has no stored password');
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
