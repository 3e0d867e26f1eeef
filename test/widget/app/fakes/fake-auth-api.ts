import type { AgentSession, SignInMethod } from '../../../../widget/src/connector/agent-session.js';
import type { AuthApi } from '../../../../widget/src/connector/auth-api.js';
import { ConnectorError } from '../../../../widget/src/connector/connector-api.js';

export const MARIA_KEY = 'maria-sign-in-key';
export const OLGA_KEY = 'olga-sign-in-key';
export const AGENTS: Record<string, AgentSession['agent']> = {
  [MARIA_KEY]: { id: 'maria', name: 'Maria Gonzalez', role: 'agent' },
  [OLGA_KEY]: { id: 'olga', name: 'Olga Petrova', role: 'agent' },
};

/**
 * The connector's sign-in routes as the widget sees them: sign-in keys exchanged for sessions of `ttlMs`, refreshed
 * up to `maxAgeMs` after the sign-in, all of an agent's sessions ended by `signOut` or `endSessions`. `live` is what
 * the fake connector client checks every request's token against.
 */
export class FakeAuthApi implements AuthApi {
  methodsOffered: readonly SignInMethod[] = ['key'];
  ttlMs = 15 * 60_000;
  maxAgeMs = 12 * 3600_000;
  now: () => number = () => Date.now();
  /** When set, every call fails as if the network were down. */
  unreachable = false;
  /** What the widget asked, in order: `key <key>`, `refresh <token>`, `sign-out <token>`, `methods`. */
  readonly asked: string[] = [];
  private readonly live = new Map<string, AgentSession>();
  private issued = 0;

  async methods(): Promise<readonly SignInMethod[]> {
    this.asked.push('methods');
    this.reachable();
    return this.methodsOffered;
  }

  async signInWithKey(key: string): Promise<AgentSession> {
    this.asked.push(`key ${key}`);
    this.reachable();
    const agent = AGENTS[key];
    if (!agent) throw new ConnectorError(401, 'UNAUTHENTICATED', 'The sign-in key is not valid.');
    return this.issue(agent);
  }

  async refresh(token: string): Promise<AgentSession> {
    this.asked.push(`refresh ${token}`);
    this.reachable();
    const session = this.live.get(token);
    if (!session || session.expiresAt <= this.now() || session.refreshUntil <= this.now()) {
      throw new ConnectorError(401, 'SESSION_EXPIRED', 'Your session has ended; sign in again.');
    }
    return this.issue(session.agent, session.refreshUntil);
  }

  async signOut(token: string): Promise<void> {
    this.asked.push(`sign-out ${token}`);
    this.reachable();
    const session = this.live.get(token);
    if (session) this.endSessions(session.agent.id);
  }

  /** A session as the connector would issue it now (also what a CRM popup hands over). */
  issue(agent: AgentSession['agent'], refreshUntil = this.now() + this.maxAgeMs): AgentSession {
    const session = { token: `${agent.id}-session-${++this.issued}`, expiresAt: this.now() + this.ttlMs, refreshUntil, clockOffsetMs: 0, agent };
    this.live.set(session.token, session);
    return session;
  }

  /** Takes a session made elsewhere (a test's popup page) as one this connector issued. */
  accept(session: AgentSession): void {
    this.live.set(session.token, session);
  }

  /** The admin signs the agent out, or disables it: every session of it ends. */
  endSessions(agentId: string): void {
    for (const [token, s] of this.live) if (s.agent.id === agentId) this.live.delete(token);
  }

  /** The agent a token stands for, when the connector would take it now. */
  agentOf(token: string | null): string | null {
    const session = token === null ? undefined : this.live.get(token);
    return session && session.expiresAt > this.now() ? session.agent.id : null;
  }

  private reachable(): void {
    if (this.unreachable) throw new Error('The connector cannot be reached.');
  }
}
