import type { SessionAnswer } from './api-types.js';

/**
 * Who the console acts as. `admin-token`: the connector's bootstrap token, sent as the bearer itself and never
 * expiring here. `session`: an admin agent's session from its sign-in key, refreshed before it expires.
 */
export type Credential =
  | { readonly kind: 'admin-token'; readonly token: string }
  | {
      readonly kind: 'session';
      readonly token: string;
      /** Ms since the epoch on the connector's clock. */
      readonly expiresAt: number;
      /** Ms since the epoch on the connector's clock: refreshing stops working then, and the admin signs in again. */
      readonly refreshUntil: number;
      /**
       * The connector's clock minus this browser's, measured when the session arrived (from the token's `iat`). A PC
       * whose clock is hours off would otherwise refresh at once and again in a loop (clock ahead) or too late (behind).
       */
      readonly clockOffsetMs: number;
      readonly agent: SessionAnswer['agent'];
    };

type SessionCredential = Extract<Credential, { kind: 'session' }>;

const STORAGE_KEY = 'click-to-call-admin.credential';
/** What the admin is told when the connector no longer takes the session. */
export const SESSION_ENDED = 'Your session ended; sign in again.';
/** Refresh this long before the token expires, so a slow answer still lands in time. */
const REFRESH_AHEAD_MS = 60_000;
/** After a refresh that could not reach the connector, try again this soon (while the token still works). */
const RETRY_MS = 15_000;
/**
 * Clocks this close are taken to agree: `iat` has whole seconds and the answer took a moment to arrive, so a smaller
 * difference is noise; skew worth correcting is minutes.
 */
const AGREEING_CLOCKS_MS = 5_000;

/** The credential from an answer of `/auth/local` or `/auth/refresh` that arrived at `now` (this browser's clock). */
export function sessionCredential(answer: SessionAnswer, now: number = Date.now()): Credential {
  return {
    kind: 'session',
    token: answer.token,
    expiresAt: Date.parse(answer.expiresAt),
    refreshUntil: Date.parse(answer.refreshUntil),
    clockOffsetMs: clockOffset(answer.token, now),
    agent: answer.agent,
  };
}

/** The connector's clock minus `now`, from the token's `iat` (seconds; the payload is read, not verified); 0 when it does not say. */
function clockOffset(token: string, now: number): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const iat = (JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as { iat?: unknown }).iat;
    const offset = typeof iat === 'number' && Number.isFinite(iat) ? iat * 1000 - now : 0;
    return Math.abs(offset) < AGREEING_CLOCKS_MS ? 0 : offset;
  } catch {
    return 0;
  }
}

/** Now on the connector's clock, as this session measured it. */
function connectorNow(c: SessionCredential): number {
  return Date.now() + c.clockOffsetMs;
}

/**
 * Keeps the credential in memory and in `sessionStorage` (this tab only, gone when it closes; never `localStorage`,
 * never the URL), so a reload keeps the admin signed in. A session is refreshed a minute before it expires, and on
 * demand when a request finds it about to expire (a sleeping laptop misses timers); `onEnded` is told when it cannot
 * be kept any longer. Every deadline is compared on the connector's clock (this browser's plus the session's
 * measured offset), so a wrong clock here neither loops refreshes nor lets the session lapse.
 */
export class SessionKeeper {
  private credential: Credential | null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<void> | null = null;
  /** Called once when the session ended by itself (expired, refused on refresh), with what to tell the admin. */
  onEnded: (message: string) => void = () => {};

  constructor(private readonly storage: Storage) {
    this.credential = readStored(storage);
    this.schedule();
  }

  current(): Credential | null {
    return this.credential;
  }

  /** How the header names who is signed in. */
  describe(): string {
    const c = this.credential;
    if (!c) return '';
    return c.kind === 'admin-token' ? 'Admin token' : `${c.agent.name} (${c.agent.id})`;
  }

  set(credential: Credential): void {
    this.credential = credential;
    this.storage.setItem(STORAGE_KEY, JSON.stringify(credential));
    this.schedule();
  }

  /**
   * Forgets the credential here (memory and storage). A session is not ended at the connector: that would end every
   * session of the agent, its softphone's too; the token simply expires (within the session lifetime).
   */
  clear(): void {
    this.credential = null;
    this.storage.removeItem(STORAGE_KEY);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The bearer token to send now, refreshing a session first when it is about to expire; null when signed out. */
  async bearer(): Promise<string | null> {
    const c = this.credential;
    if (c?.kind === 'session' && c.expiresAt - connectorNow(c) < REFRESH_AHEAD_MS / 2 && connectorNow(c) < c.refreshUntil) await this.refresh();
    return this.credential?.token ?? null;
  }

  /** Refreshes the session now (one request at a time); ends it when the connector refuses. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const c = this.credential;
    if (c?.kind !== 'session') return;
    let response: Response;
    try {
      response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: '{}',
        cache: 'no-store',
      });
    } catch {
      this.retryLater();
      return;
    }
    if (this.credential !== c) return;
    if (response.ok) {
      this.set(sessionCredential((await response.json()) as SessionAnswer, Date.now()));
    } else if (response.status === 401 || response.status === 403) {
      this.end(SESSION_ENDED);
    } else {
      this.retryLater();
    }
  }

  private retryLater(): void {
    const c = this.credential;
    if (c?.kind !== 'session') return;
    if (this.timer) clearTimeout(this.timer);
    const left = c.expiresAt - connectorNow(c);
    this.timer = setTimeout(() => (connectorNow(c) < c.expiresAt ? void this.refresh() : this.end('Your session has expired; sign in again.')), Math.min(RETRY_MS, Math.max(0, left)));
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const c = this.credential;
    if (c?.kind !== 'session') return;
    const now = connectorNow(c);
    if (now >= c.refreshUntil || c.expiresAt >= c.refreshUntil) {
      // No refresh would lengthen it: the session simply runs out.
      this.timer = setTimeout(() => this.end('Your session has reached its maximum length; sign in again.'), Math.max(0, c.expiresAt - now));
      return;
    }
    this.timer = setTimeout(() => void this.refresh(), Math.max(0, c.expiresAt - now - REFRESH_AHEAD_MS));
  }

  private end(message: string): void {
    if (!this.credential) return;
    this.clear();
    this.onEnded(message);
  }
}

function readStored(storage: Storage): Credential | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
    if (!value || typeof value !== 'object') return null;
    const c = value as Partial<Credential> & { kind?: unknown; token?: unknown };
    if (typeof c.token !== 'string' || c.token === '') return null;
    if (c.kind === 'admin-token') return { kind: 'admin-token', token: c.token };
    if (c.kind === 'session') {
      const s = value as SessionCredential;
      const clockOffsetMs = Number.isFinite(s.clockOffsetMs) ? s.clockOffsetMs : 0;
      if (typeof s.expiresAt !== 'number' || typeof s.refreshUntil !== 'number' || typeof s.agent?.id !== 'string') return null;
      if (s.expiresAt <= Date.now() + clockOffsetMs) return null;
      return { ...s, clockOffsetMs };
    }
    return null;
  } catch {
    return null;
  }
}
