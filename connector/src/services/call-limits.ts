import type { Agent, DialCounts, Store } from '../store/store.js';

/** The tenant's limits per agent (`Config.callLimits`); an agent's own non-null limits override them. */
export interface TenantCallLimits {
  readonly callsPerMinute: number;
  readonly callsPerDay: number;
  readonly concurrentCalls: number;
}

export type CallLimitCode = 'CALLS_PER_DAY' | 'CALLS_PER_MINUTE' | 'CONCURRENT_CALLS';

/** Whether one more call fits the agent's limits, and if not, what happened and what to do, in words for the agent. */
export type CallLimitVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: CallLimitCode; readonly reason: string };

const ALLOWED: CallLimitVerdict = Object.freeze({ allowed: true });

/**
 * The connector's own brake on toll fraud and runaway dialling: however a widget (or a stolen session) behaves, an agent
 * places no more calls per minute, per 24 hours and at once than its limits allow.
 *
 * Checks run in this order and the first refusal wins, so the agent learns the wait that lasts longest:
 * 1. calls allowed in the last 24 hours, 2. in the last minute, 3. calls in progress (either direction).
 * It only reads: the caller records a dial it lets through (`Store.recordDial`).
 */
export class CallLimits {
  constructor(
    private readonly deps: {
      readonly store: Store;
      /** The configured tenant limits; what applies when `source` is left out. */
      readonly tenant: TenantCallLimits;
      /**
       * The tenant limits in effect (an admin's stored ones, else the configuration's: `TenantPolicy.callLimits`),
       * read on every check so an admin's change applies to the next dial. `tenant` is used when left out.
       */
      readonly source?: () => Promise<TenantCallLimits>;
    },
  ) {}

  /** The limits in effect for `agent`: its own where set, the tenant's (`tenant`, the configured ones by default) otherwise. */
  limitsOf(agent: Agent, tenant: TenantCallLimits = this.deps.tenant): TenantCallLimits {
    const own = agent.limits;
    return {
      callsPerMinute: own.callsPerMinute ?? tenant.callsPerMinute,
      callsPerDay: own.callsPerDay ?? tenant.callsPerDay,
      concurrentCalls: own.concurrentCalls ?? tenant.concurrentCalls,
    };
  }

  async check(agent: Agent, now: number): Promise<CallLimitVerdict> {
    const tenant = this.deps.source ? await this.deps.source() : this.deps.tenant;
    return judge(this.limitsOf(agent, tenant), await this.deps.store.dialCounts(agent.id, now));
  }
}

function judge(limits: TenantCallLimits, counts: DialCounts): CallLimitVerdict {
  if (counts.lastDay >= limits.callsPerDay) {
    return refuse(
      'CALLS_PER_DAY',
      `You placed ${calls(counts.lastDay)} in the last 24 hours, the most allowed; you can call again as the oldest of them pass 24 hours, or ask an admin to raise your limit.`,
    );
  }
  if (counts.lastMinute >= limits.callsPerMinute) {
    return refuse('CALLS_PER_MINUTE', `You placed ${calls(counts.lastMinute)} in the last minute, the most allowed; wait a moment and try again.`);
  }
  if (counts.inProgress >= limits.concurrentCalls) {
    const open = counts.inProgress === 1 ? '1 call in progress' : `${counts.inProgress} calls in progress`;
    return refuse('CONCURRENT_CALLS', `You have ${open}, the most allowed at once; end one before placing another.`);
  }
  return ALLOWED;
}

function calls(n: number): string {
  return n === 1 ? '1 call' : `${n.toLocaleString('en-US')} calls`;
}

function refuse(code: CallLimitCode, reason: string): CallLimitVerdict {
  return Object.freeze({ allowed: false, code, reason });
}
