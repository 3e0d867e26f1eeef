import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../services/audit-log.js';
import type { EffectivePolicy, TenantPolicy, TenantRules } from '../services/tenant-policy.js';
import { countryCode } from './agent-schemas.js';
import { actorOf } from './agent-auth.js';
import { methodNotAllowed } from './error-handler.js';
import { validate } from './validate.js';

const MAX_LIMIT = 1_000_000;

const limit = z
  .number({ message: `must be a whole number from 1 to ${MAX_LIMIT}` })
  .int({ message: `must be a whole number from 1 to ${MAX_LIMIT}` })
  .min(1, { message: `must be a whole number from 1 to ${MAX_LIMIT}` })
  .max(MAX_LIMIT, { message: `must be a whole number from 1 to ${MAX_LIMIT}` });

/** An object schema that names the fields it does not know or misses, and what a valid one looks like. */
function strict<S extends z.ZodRawShape>(shape: S, fields: string) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has fields the API does not know (${issue.keys.join(', ')}); send exactly ${fields}`
        : issue.input === undefined
          ? `is missing; send every field: ${fields}`
          : `must be a JSON object with ${fields}`,
  });
}

/** `PUT /api/v1/admin/policy`: the whole policy, every field required; country codes are upper-cased. */
const policyBody = strict(
  {
    allowedCountries: z
      .array(
        z
          .string({ message: 'must be a two-letter country code such as US' })
          .transform((code) => code.toUpperCase())
          .pipe(countryCode),
        { message: 'must be a list of country codes such as ["US", "GB"], or null for every country' },
      )
      .min(1, { message: 'must list at least one country; send null to allow every country' })
      .max(250, { message: 'must list at most 250 countries' })
      .refine((list) => new Set(list).size === list.length, { message: 'must not list a country twice' })
      .nullable(),
    blockPremiumRate: z.boolean({ message: 'must be true or false' }),
    blockSharedCost: z.boolean({ message: 'must be true or false' }),
    limits: strict({ callsPerMinute: limit, callsPerDay: limit, concurrentCalls: limit }, 'callsPerMinute, callsPerDay, concurrentCalls'),
  },
  'allowedCountries, blockPremiumRate, blockSharedCost, limits',
);

/** The policy as the admin API shows and takes it. */
export interface PolicyView {
  readonly allowedCountries: readonly string[] | null;
  readonly blockPremiumRate: boolean;
  readonly blockSharedCost: boolean;
  readonly limits: { readonly callsPerMinute: number; readonly callsPerDay: number; readonly concurrentCalls: number };
}

/**
 * `/api/v1/admin/policy`: the tenant call policy and default call limits. GET shows the one in effect with its source
 * (`admin` or `config`) and the configuration's as `defaults`; PUT stores a whole policy that replaces the
 * configuration's for every resolve and dial from then on (audited `policy.update` with `{before, after}`); DELETE
 * goes back to the configuration's (audited `policy.reset`). Runs behind the admin check.
 *
 * Nothing is pushed to the widgets: their settings hold no policy (the connector applies it at every resolve), so a
 * broadcast would only make every widget of the fleet read its settings for nothing.
 */
export function adminPolicyRoutes(deps: { readonly policy: TenantPolicy; readonly audit: AuditLog; readonly now: () => number }): Router {
  const router = Router();
  const { policy } = deps;
  const answer = (res: Response, effective: EffectivePolicy) =>
    res.set('Cache-Control', 'no-store').json({
      policy: policyView(effective),
      source: effective.source,
      updatedAt: effective.updatedAt === null ? null : new Date(effective.updatedAt).toISOString(),
      defaults: policyView(policy.configured),
    });
  const record = (res: Response, action: string, details: Record<string, unknown>) =>
    deps.audit.record({ actor: actorOf(res), action, target: null, outcome: 'ok', details });

  router.get('/policy', async (_req, res) => {
    answer(res, await policy.effective());
  });

  router.put('/policy', async (req, res) => {
    const body = validate(policyBody, req.body, 'body');
    const before = await policy.effective();
    const after = await policy.replace(
      {
        callPolicy: { allowedCountries: body.allowedCountries, blockPremiumRate: body.blockPremiumRate, blockSharedCost: body.blockSharedCost },
        callLimits: body.limits,
      },
      deps.now(),
    );
    await record(res, 'policy.update', { before: policyView(before), after: policyView(after) });
    answer(res, after);
  });

  router.delete('/policy', async (_req, res) => {
    const before = await policy.effective();
    const after = await policy.reset();
    await record(res, 'policy.reset', { before: policyView(before), source: before.source });
    answer(res, after);
  });

  router.all('/policy', methodNotAllowed(['GET', 'PUT', 'DELETE']));
  return router;
}

function policyView(rules: TenantRules): PolicyView {
  const { callPolicy, callLimits } = rules;
  return {
    allowedCountries: callPolicy.allowedCountries === null ? null : [...callPolicy.allowedCountries],
    blockPremiumRate: callPolicy.blockPremiumRate,
    blockSharedCost: callPolicy.blockSharedCost,
    limits: { callsPerMinute: callLimits.callsPerMinute, callsPerDay: callLimits.callsPerDay, concurrentCalls: callLimits.concurrentCalls },
  };
}
