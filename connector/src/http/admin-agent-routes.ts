import { Router, type Response } from 'express';
import type { z } from 'zod';
import { newSignInKey } from '../auth/sign-in-key.js';
import { AppError } from '../errors/app-error.js';
import type { SessionEndReason } from '../push/agent-push.js';
import type { PushPublisher } from '../push/push-publisher.js';
import type { AuditLog } from '../services/audit-log.js';
import type { AgentSipAccounts, SipAccountView } from '../services/agent-sip-accounts.js';
import { NO_PRESENCE, PRESENCE_TTL_MS, presenceByAgent, type PresenceView } from '../services/widget-presence.js';
import { DuplicateAgentError, type Agent, type AgentPatch, type Store, type StoredSipAccount } from '../store/store.js';
import { actorOf } from './agent-auth.js';
import { agentParams, agentPatchBody, newAgentBody } from './agent-schemas.js';
import { methodNotAllowed } from './error-handler.js';
import { validate } from './validate.js';

/**
 * An agent as the admin API shows it: its profile and SIP account in effect, never its key, epoch or password, and
 * whether its widgets are open and registered right now.
 */
export type AgentView = Omit<Agent, 'sessionEpoch'> & { readonly sip: SipAccountView | null; readonly presence: PresenceView };

const PROFILE_FIELDS = ['name', 'crmUserId', 'role', 'team', 'callerId', 'allowedCountries', 'limits', 'disabled'] as const;

/**
 * `/api/v1/admin/agents`: create, read, change and delete agent profiles, hand out sign-in keys and end sessions.
 * Runs behind the admin check. Every change is audited with the acting admin; a sign-in key is answered once, with
 * `Cache-Control: no-store`, and is never stored (only its hash), logged or audited. Presence is read once per
 * request, whatever the number of agents.
 *
 * The agent's open widgets hear of each change at once (`publish`): `session-ended` with the reason when the change
 * ended its sessions (disabled, deleted, signed out, new sign-in key, role or CRM user changed), else
 * `settings-changed`. Left out, nothing is pushed.
 */
export function adminAgentRoutes(deps: {
  readonly store: Store;
  readonly sipAccounts: AgentSipAccounts;
  readonly audit: AuditLog;
  readonly now: () => number;
  readonly publish?: PushPublisher;
}): Router {
  const router = Router();
  const { store, sipAccounts, audit } = deps;
  const publish = deps.publish ?? (async () => {});
  const endSessions = (id: string, reason: SessionEndReason) => publish(id, { type: 'session-ended', reason });

  const views = async (agents: readonly Agent[]): Promise<AgentView[]> => {
    const presence = presenceByAgent(await store.presenceSince(deps.now() - PRESENCE_TTL_MS));
    return Promise.all(
      agents.map(async (agent) => {
        const { sessionEpoch: _epoch, ...profile } = agent;
        const sip = await store.agentSip(agent.id);
        return { ...profile, sip: sip ? sipAccounts.view(sip) : null, presence: presence.get(agent.id) ?? NO_PRESENCE };
      }),
    );
  };
  const view = async (agent: Agent): Promise<AgentView> => (await views([agent]))[0]!;
  const required = async (id: string): Promise<Agent> => {
    const agent = await store.agentById(id);
    if (!agent) throw notFound(id);
    return agent;
  };
  const record = (res: Response, action: string, target: string, details: Record<string, unknown> = {}) =>
    audit.record({ actor: actorOf(res), action, target, outcome: 'ok', details });

  router.get('/agents', async (_req, res) => {
    const agents = await store.listAgents();
    res.json({ agents: await views(agents) });
  });

  router.post('/agents', async (req, res) => {
    const { sip, ...profile } = validate(newAgentBody, req.body, 'body');
    const sealed = sip ? sipAccounts.seal(profile.id, sip) : null;
    const { key, hash } = newSignInKey();
    await unique(() => store.createAgent({ ...profile, tokenHash: hash, sip: sealed }), profile);
    const { id, ...fields } = profile;
    await record(res, 'agent.create', id, { ...fields, sip: sealed && sipSummary(sealed) });
    res.status(201).set('Cache-Control', 'no-store').json({ agent: await view(await required(id)), signInKey: key });
  });

  router.get('/agents/:id', async (req, res) => {
    const { id } = validate(agentParams, req.params, 'params');
    res.json({ agent: await view(await required(id)) });
  });

  router.patch('/agents/:id', async (req, res) => {
    const { id } = validate(agentParams, req.params, 'params');
    const body = validate(agentPatchBody, req.body, 'body');
    const before = await required(id);
    const patch = toPatch(before, body);
    const after = await unique(() => store.updateAgent(id, patch), { crmUserId: patch.crmUserId ?? null });
    if (!after) throw notFound(id);
    const changed = PROFILE_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
    if (changed.length > 0) {
      await record(res, 'agent.update', id, { changed, values: Object.fromEntries(changed.map((field) => [field, after[field]])) });
      const reason = after.sessionEpoch === before.sessionEpoch ? null : endReason(before, after);
      await (reason ? endSessions(id, reason) : publish(id, { type: 'settings-changed' }));
    }
    res.json({ agent: await view(after) });
  });

  router.delete('/agents/:id', async (req, res) => {
    const { id } = validate(agentParams, req.params, 'params');
    if (!(await store.deleteAgent(id))) throw notFound(id);
    await record(res, 'agent.delete', id);
    await endSessions(id, 'deleted');
    res.status(204).end();
  });

  router.post('/agents/:id/sign-in-key', async (req, res) => {
    const { id } = validate(agentParams, req.params, 'params');
    const { key, hash } = newSignInKey();
    if (!(await store.setSignInKey(id, hash))) throw notFound(id);
    await record(res, 'agent.sign-in-key.reset', id);
    await endSessions(id, 'sign-in-key-reset');
    res.set('Cache-Control', 'no-store').json({ signInKey: key });
  });

  router.post('/agents/:id/sign-out', async (req, res) => {
    const { id } = validate(agentParams, req.params, 'params');
    if ((await store.bumpSessionEpoch(id)) === null) throw notFound(id);
    await record(res, 'agent.sign-out', id);
    await endSessions(id, 'sessions-ended');
    res.status(204).end();
  });

  router.all('/agents', methodNotAllowed(['GET', 'POST']));
  router.all('/agents/:id', methodNotAllowed(['GET', 'PATCH', 'DELETE']));
  router.all('/agents/:id/sign-in-key', methodNotAllowed(['POST']));
  router.all('/agents/:id/sign-out', methodNotAllowed(['POST']));
  return router;
}

/**
 * Why a change that moved the agent's session epoch ended its sessions; null when none was open to end (the agent was
 * enabled again: a disabled agent has no session).
 */
function endReason(before: Agent, after: Agent): SessionEndReason | null {
  if (after.disabled) return 'disabled';
  if (after.role !== before.role) return 'role-changed';
  if (after.crmUserId !== before.crmUserId) return 'crm-user-changed';
  return null;
}

/** The patch to store: only the fields given, with limits merged into the agent's current ones. */
function toPatch(before: Agent, body: z.output<typeof agentPatchBody>): AgentPatch {
  const { limits, ...fields } = body;
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) if (value !== undefined) patch[field] = value;
  if (limits) {
    const given = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
    patch.limits = { ...before.limits, ...given };
  }
  return patch as AgentPatch;
}

/** What the audit log keeps of a SIP account: which account, never its password. */
function sipSummary(sip: StoredSipAccount) {
  return { kind: sip.kind, username: sip.username, domain: sip.domain };
}

async function unique<T>(write: () => Promise<T>, agent: { id?: string; crmUserId: string | null }): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof DuplicateAgentError)) throw error;
    if (error.field === 'id') throw new AppError('AGENT_EXISTS', `An agent with id ${agent.id ?? ''} exists already.`);
    if (error.field === 'retiredId') {
      throw new AppError('AGENT_EXISTS', `A deleted agent had the id ${agent.id ?? ''}, and ids are never given again (its calls keep it); choose another id.`);
    }
    throw new AppError('CRM_USER_TAKEN', `Another agent has CRM user id ${agent.crmUserId ?? ''}; each CRM user may have one agent.`);
  }
}

function notFound(id: string): AppError {
  return new AppError('AGENT_NOT_FOUND', `There is no agent with id ${id}.`);
}
