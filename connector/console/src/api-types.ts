/**
 * The admin API's answers as the console reads them (see the README's API section). Declared here rather than imported
 * from the connector: the console is browser code and depends on the HTTP contract only, never on server modules.
 */

export interface AgentLimits {
  readonly callsPerMinute: number | null;
  readonly callsPerDay: number | null;
  readonly concurrentCalls: number | null;
}

export interface SipAccountView {
  readonly kind: 'password' | 'ephemeral';
  readonly aor: string;
  readonly username: string;
  readonly authUser: string;
  readonly domain: string;
  readonly wsServer: string | null;
  readonly displayName: string | null;
}

export interface WidgetPresenceView {
  readonly widgetId: string;
  readonly registration: 'registered' | 'connecting' | 'unregistered' | 'failed';
  readonly host: string;
  readonly lastSeenAt: string;
}

export interface AgentPresence {
  readonly registered: boolean;
  readonly lastSeenAt: string | null;
  readonly widgets: readonly WidgetPresenceView[];
}

export interface AgentView {
  readonly id: string;
  readonly name: string;
  readonly crmUserId: string | null;
  readonly disabled: boolean;
  readonly role: 'agent' | 'admin';
  readonly team: string | null;
  readonly callerId: string | null;
  readonly allowedCountries: readonly string[] | null;
  readonly limits: AgentLimits;
  readonly sip: SipAccountView | null;
  /** Missing only from a connector older than the console. */
  readonly presence?: AgentPresence;
}

/** `POST /api/v1/auth/local` and `/auth/refresh`. */
export interface SessionAnswer {
  readonly token: string;
  readonly expiresAt: string;
  readonly refreshUntil: string;
  readonly agent: { readonly id: string; readonly name: string; readonly role: 'agent' | 'admin' };
}

export interface TenantPolicy {
  readonly allowedCountries: readonly string[] | null;
  readonly blockPremiumRate: boolean;
  readonly blockSharedCost: boolean;
  readonly limits: { readonly callsPerMinute: number; readonly callsPerDay: number; readonly concurrentCalls: number };
}

export interface PolicyAnswer {
  readonly policy: TenantPolicy;
  readonly source: 'config' | 'admin';
  readonly updatedAt: string | null;
  readonly defaults: TenantPolicy;
}

export interface DeadLetter {
  readonly callId: string;
  readonly version: number;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly log: { readonly subject?: string; readonly endedAt?: string } | null;
}

export interface WaitingEntry {
  readonly callId: string;
  readonly version: number;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: string;
  readonly pendingSince: string;
}

export interface OutboxAnswer {
  readonly pending: number;
  readonly delivered: number;
  readonly dead: number;
  readonly oldestPendingAgeMs: number;
  readonly deadLetters: readonly DeadLetter[];
  readonly waiting?: readonly WaitingEntry[];
}

export interface AuditEntryView {
  readonly id: number;
  readonly at: string | number;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly outcome: 'ok' | 'refused';
  readonly details: Readonly<Record<string, unknown>>;
}
