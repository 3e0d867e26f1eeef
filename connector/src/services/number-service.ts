import type { CrmAdapter } from '../crm/crm-adapter.js';
import { CrmError } from '../crm/crm-error.js';
import type { CrmObjectType, CrmRecord } from '../crm/crm-record.js';
import type { CallPolicy, PolicyVerdict } from '../domain/call-policy.js';
import type { DialPlan } from '../domain/dial-plan.js';
import { nationalDigits } from '../domain/national-digits.js';
import { resolveTarget } from '../domain/resolve-target.js';
import type { SipTarget } from '../domain/sip-target.js';
import { AppError } from '../errors/app-error.js';
import { fromCrmError } from '../errors/from-crm-error.js';
import { checkAgentCallPolicy } from './agent-call-policy.js';

/** Who a number belongs to, as shown to an agent. */
export interface ContactSummary {
  readonly id: string;
  readonly objectType: CrmObjectType;
  readonly name: string;
  readonly company: string | null;
}

export interface Resolution extends SipTarget {
  readonly contact: ContactSummary | null;
  readonly policy: PolicyVerdict;
}

/** One phone field of a record with what the resolver and the policy made of it. */
export type NumberEntry =
  | { readonly field: string; readonly label: string; readonly value: string; readonly dialable: true; readonly target: SipTarget; readonly policy: PolicyVerdict }
  | { readonly field: string; readonly label: string; readonly value: string; readonly dialable: false; readonly target: SipTarget | null; readonly policy: PolicyVerdict | null; readonly problem: { code: string; message: string } | null };

export interface NumberServiceDeps {
  readonly crm: CrmAdapter;
  readonly dialPlan: DialPlan;
  /** The configured tenant call policy; what applies when `policySource` is left out. */
  readonly callPolicy: CallPolicy;
  /**
   * The tenant call policy in effect (an admin's stored one, else the configuration's: `TenantPolicy.callPolicy`),
   * read on every resolve so an admin's change applies at once. `callPolicy` is used when left out.
   */
  readonly policySource?: () => Promise<CallPolicy>;
  readonly onResolved?: (outcome: 'dialable' | 'refused' | 'unusable') => void;
}

/**
 * Turns what an agent clicked into something the widget can dial, with the CRM record it concerns and the policy's
 * verdict. The orchestration between CRM and domain lives here so that routes stay thin and the domain stays pure.
 */
export class NumberService {
  constructor(private readonly deps: NumberServiceDeps) {}

  /** The configured tenant call policy (`NumberServiceDeps.callPolicy`), whatever an admin stored since. */
  get configuredPolicy(): CallPolicy {
    return this.deps.callPolicy;
  }

  /**
   * Resolves a number. With a record, its country guides national numbers and it is the contact shown. The number's
   * owners are always looked up too, so that a typed number, or one dialled from another record, cannot bypass a
   * contact's Do-Not-Call. `allowedCountries` (the agent's own list) narrows the tenant's policy.
   */
  async resolve(args: {
    number: string;
    record?: { objectType: CrmObjectType; id: string };
    allowedCountries?: readonly string[] | null;
  }): Promise<Resolution> {
    const record = args.record ? await this.requireRecord(args.record) : null;
    const result = resolveTarget(args.number, this.deps.dialPlan, { region: record?.country ?? null });
    if (!result.ok) {
      this.deps.onResolved?.('unusable');
      throw new AppError('NUMBER_UNUSABLE', result.problem.message, { reason: result.problem.code });
    }
    const target = result.target;
    const owners = await this.ownersOf(target, record);
    const policy = checkAgentCallPolicy({
      target,
      tenant: await this.tenantPolicy(),
      agentCountries: args.allowedCountries ?? null,
      doNotCall: owners.some((o) => o.doNotCall),
    });
    this.deps.onResolved?.(policy.allowed ? 'dialable' : 'refused');
    // The contact shown is the one whose Do-Not-Call refused the call, else the record dialled from, else the owner.
    const owner = owners.find((o) => o.doNotCall) ?? owners[0] ?? null;
    return { ...target, contact: owner ? summary(owner) : null, policy };
  }

  /**
   * A record's phone fields, each resolved and judged, for the record page and the widget's number picker; judged for
   * one agent when its `allowedCountries` are given.
   */
  async recordNumbers(
    ref: { objectType: CrmObjectType; id: string },
    allowedCountries: readonly string[] | null = null,
  ): Promise<{ record: CrmRecord; numbers: NumberEntry[] }> {
    const record = await this.requireRecord(ref);
    const tenant = await this.tenantPolicy();
    const numbers = record.phones.map((phone): NumberEntry => {
      const result = resolveTarget(phone.value, this.deps.dialPlan, { region: record.country });
      if (!result.ok) {
        return { ...phone, dialable: false, target: null, policy: null, problem: result.problem };
      }
      const policy = checkAgentCallPolicy({
        target: result.target,
        tenant,
        agentCountries: allowedCountries,
        doNotCall: record.doNotCall,
      });
      return policy.allowed
        ? { ...phone, dialable: true, target: result.target, policy }
        : { ...phone, dialable: false, target: result.target, policy, problem: null };
    });
    return { record, numbers };
  }

  /** Records holding a caller's number, for the screen pop of an inbound call. */
  async lookup(number: string): Promise<{ target: SipTarget; matches: { record: CrmRecord; matchedField: string }[] }> {
    const result = resolveTarget(number, this.deps.dialPlan);
    if (!result.ok) throw new AppError('NUMBER_UNUSABLE', result.problem.message, { reason: result.problem.code });
    if (!result.target.e164) return { target: result.target, matches: [] };
    return { target: result.target, matches: await this.crmCall(() => this.findMatches(result.target.e164!)) };
  }

  /**
   * Everyone the call concerns: the record the agent dials from, and every record holding the number. Do-Not-Call on
   * any of them refuses the call, so dialling a protected number from another record's page does not get round it.
   */
  private async ownersOf(target: SipTarget, record: CrmRecord | null): Promise<CrmRecord[]> {
    const found = target.e164 ? (await this.crmCall(() => this.findMatches(target.e164!))).map((m) => m.record) : [];
    const others = found.filter((r) => !(record && r.id === record.id && r.objectType === record.objectType));
    return record ? [record, ...others] : others;
  }

  private tenantPolicy(): Promise<CallPolicy> {
    return this.deps.policySource ? this.deps.policySource() : Promise.resolve(this.deps.callPolicy);
  }

  private async findMatches(e164: string) {
    const digits = nationalDigits(e164);
    if (!digits) return [];
    return this.deps.crm.findByPhone({ e164, nationalDigits: digits });
  }

  private async requireRecord(ref: { objectType: CrmObjectType; id: string }): Promise<CrmRecord> {
    const record = await this.crmCall(() => this.deps.crm.getRecord(ref));
    if (!record) {
      throw new AppError('RECORD_NOT_FOUND', `No ${ref.objectType} with id ${ref.id} exists in the CRM, or the connector cannot see it.`);
    }
    return record;
  }

  private async crmCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof CrmError) throw fromCrmError(error);
      throw error;
    }
  }
}

function summary(record: CrmRecord): ContactSummary {
  return { id: record.id, objectType: record.objectType, name: record.name, company: record.company };
}
