import type { PolicyVerdict } from '../domain/call-policy.js';
import type { Agent, Store } from '../store/store.js';
import type { AuditLog } from './audit-log.js';
import type { CallLimitVerdict, CallLimits } from './call-limits.js';
import type { Resolution } from './number-service.js';

/** The verdict on a dial: the call policy's, or a call limit's refusal. */
export type DialVerdict = PolicyVerdict | Exclude<CallLimitVerdict, { allowed: true }>;

/** Why a dial was refused: a policy refusal's code or a call limit's. */
export type DialRefusalCode = Extract<DialVerdict, { allowed: false }>['code'];

/** A resolution an agent is about to dial, with the verdict that decides whether it may. */
export type DialResolution = Omit<Resolution, 'policy'> & { readonly policy: DialVerdict };

/**
 * Decides whether an agent may dial what it resolved, right before it dials: the call policy's verdict first, then
 * the agent's call limits. Every refusal is audited (`call.refused`, target the number or SIP URI, details `{code}`),
 * recorded for the usage pages (`Store.recordRefusal`) and told to `onRefused` (the refusals metric); every dial let
 * through is counted (`Store.recordDial`), so the limits see it.
 *
 * One agent's dials are admitted one at a time within this process, so two dials racing for the last allowed call
 * cannot both get it.
 */
export class DialGate {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: {
      readonly store: Store;
      readonly limits: CallLimits;
      readonly audit: AuditLog;
      readonly now: () => number;
      /** Told the code of every refusal, after it is recorded. */
      readonly onRefused?: (code: DialRefusalCode) => void;
    },
  ) {}

  admit(agent: Agent, resolution: Resolution): Promise<DialResolution> {
    return this.serialised(agent.id, () => this.decide(agent, resolution));
  }

  private async decide(agent: Agent, resolution: Resolution): Promise<DialResolution> {
    let verdict: DialVerdict = resolution.policy;
    const now = this.deps.now();
    if (verdict.allowed) {
      const limit = await this.deps.limits.check(agent, now);
      if (limit.allowed) {
        await this.deps.store.recordDial(agent.id, now);
        return resolution;
      }
      verdict = limit;
    }
    await this.deps.audit.record({
      actor: `agent:${agent.id}`,
      action: 'call.refused',
      target: resolution.e164 ?? resolution.sipUri,
      outcome: 'refused',
      details: { code: verdict.code },
    });
    await this.deps.store.recordRefusal({ agentId: agent.id, at: now, code: verdict.code });
    this.deps.onRefused?.(verdict.code);
    return { ...resolution, policy: verdict };
  }

  private async serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.queues.get(key) ?? Promise.resolve();
    const run = before.then(task);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    }
  }
}
