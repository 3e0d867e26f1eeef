import type { AgentSession } from '../connector/agent-session.js';
import type { AuthApi } from '../connector/auth-api.js';
import { ConnectorError } from '../connector/connector-api.js';
import type { Timers } from '../connector/connector-ports.js';
import { errorText } from './async-tools.js';
import type { SessionStore } from './session-store.js';
import { nextSessionStep, retrySessionStep, type SessionStep } from './session-timing.js';

/** Browsers run a longer timeout at once; nothing waits that long, but a bad clock must not make it fire early. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SessionKeeperDeps {
  readonly auth: Pick<AuthApi, 'refresh'>;
  readonly store: SessionStore;
  readonly timers: Timers;
  readonly now: () => number;
  /** A refresh replaced the token (same agent, same sign-in). */
  readonly onRefreshed: (session: AgentSession) => void;
  /** The session is over: refused by the connector (its error), or expired with no refresh left (null). */
  readonly onEnded: (error: ConnectorError | null) => void;
  readonly log: (message: string) => void;
}

/**
 * Holds the agent's current session: keeps it in storage, refreshes it on time (see `nextSessionStep`), and ends it
 * when the connector refuses it or it expires. Every request reads `token()` at the moment it is sent, so a refresh
 * is picked up at once by the connector client, the event queue and the beacon.
 */
export class SessionKeeper {
  private session: AgentSession | null = null;
  private timer: unknown = null;
  private held = false;

  constructor(private readonly deps: SessionKeeperDeps) {}

  get current(): AgentSession | null {
    return this.session;
  }

  /** The current token when it belongs to `agentId`: a client made for one agent never sends another agent's token. */
  tokenFor(agentId: string): string | null {
    return this.session?.agent.id === agentId ? this.session.token : null;
  }

  start(session: AgentSession): void {
    this.cancelTimer();
    this.held = false;
    this.session = session;
    this.deps.store.keepSession(session);
    this.plan(nextSessionStep(session, this.deps.now()));
  }

  /**
   * Stops refreshing but keeps the token for what is still to send (the last events at sign-out, the beacon when the
   * page goes away). A refusal then only forgets it: the widget is already leaving.
   */
  hold(): void {
    this.cancelTimer();
    this.held = true;
  }

  /** Forgets the session (sign-out); with `only`, just when that is still the current one. */
  clear(only?: AgentSession): void {
    if (only && this.session !== only) return;
    this.cancelTimer();
    this.session = null;
    this.deps.store.forgetSession();
  }

  /** A request carrying `token` was refused as signed out: the session ends, unless a refresh replaced that token. */
  refused(token: string | null, error: ConnectorError): void {
    if (this.session === null || token !== this.session.token) return;
    if (this.held) this.clear();
    else this.end(error);
  }

  private plan(step: SessionStep): void {
    const session = this.session;
    if (!session) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, step.at - this.deps.now()));
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      if (this.session !== session) return;
      // A computer waking from sleep runs overdue timers late: a token that expired meanwhile cannot be refreshed.
      if (step.action === 'end' || session.expiresAt <= this.deps.now()) this.end(null);
      else void this.refresh(session);
    }, wait);
  }

  private async refresh(session: AgentSession): Promise<void> {
    let next: AgentSession;
    try {
      next = await this.deps.auth.refresh(session.token);
    } catch (error) {
      if (this.session !== session || this.held) return;
      if (error instanceof ConnectorError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        this.end(error);
        return;
      }
      this.deps.log(`session refresh failed, trying again: ${errorText(error)}`);
      this.plan(retrySessionStep(session, this.deps.now()));
      return;
    }
    if (this.session !== session || this.held) return;
    if (next.agent.id !== session.agent.id) {
      this.end(null);
      return;
    }
    this.start(next);
    this.deps.onRefreshed(next);
  }

  private end(error: ConnectorError | null): void {
    this.clear();
    this.deps.onEnded(error);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
