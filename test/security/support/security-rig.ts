import { randomBytes } from 'node:crypto';
import { SessionTokens } from '../../../connector/src/auth/session-tokens.js';
import { newSignInKey } from '../../../connector/src/auth/sign-in-key.js';
import { callLegKey } from '../../../connector/src/domain/call-leg-key.js';
import { callLogFromRecord } from '../../../connector/src/domain/call-log-from-record.js';
import { foldCallEvents } from '../../../connector/src/domain/fold-call-events.js';
import { SecretBox } from '../../../connector/src/secrets/secret-box.js';
import { AgentSipAccounts } from '../../../connector/src/services/agent-sip-accounts.js';
import type { NewAgent, Store, StoredSipAccount } from '../../../connector/src/store/store.js';
import { API, HUB_CLIENT_ID, HUB_CLIENT_SECRET } from '../../auth/oauth/hubspot-fixtures.js';
import { CLIENT_ID, LOGIN, USER_ID } from '../../auth/oauth/salesforce-fixtures.js';
import { SOFTPHONE } from '../../http/sip-test-kit.js';
import { buildTestApp, type TestApp, type TestAppOptions } from '../../http/test-app.js';
import { finishedCall } from '../../outbox/call-events.js';

export const ADMIN_TOKEN = 'sec-admin-token-4f1c9a7e2b8d6035c1e7';
export const PUBLIC_URL = 'https://connector.example.com';
export const CRM_ORIGIN = 'https://acme.lightning.force.com';
export const SF_CLIENT_SECRET = 'sf-client-secret-8e1d7c2b9a4f6e30';
export const EPHEMERAL_SECRET = 'autheph-shared-secret-5b2e9d41c7a8';
/** Whole seconds, so expiry arithmetic on the fake clock is exact. */
export const T0 = Date.parse('2026-02-02T09:00:00.000Z');
export const TTL_S = 900;
export const MAX_AGE_S = 4 * 3600;

/** The agents every rig holds, and what each stands for. */
export const AGENTS = {
  a: 'agent-a',
  b: 'agent-b',
  /** role admin */
  boss: 'boss',
  /** role admin, disabled after signing in */
  gone: 'gone',
  /** role admin, deleted after signing in */
  former: 'former',
} as const;

/** Strong enough for the SIP password policy, and unlike anything else in a log or a file. */
export const SIP_PASSWORDS = { [AGENTS.a]: 'Quartz-Lantern-7319-Fjord', [AGENTS.b]: 'Velvet-Cobalt-5286-Mesa' } as const;

/** Who sends a request: what it holds, from nothing to the admin token. */
export const PRINCIPALS = ['anonymous', 'agentA', 'agentB', 'adminAgent', 'adminToken', 'keyOfA', 'disabled', 'expired', 'foreignKey', 'deleted'] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/** The Call-IDs the rig's agents reported, and the dead letter the outbox holds. */
export const CALLS = { ofA: 'call-of-a@pbx.example.test', ofB: 'call-of-b@pbx.example.test', dead: 'dead-call@pbx.example.test' } as const;

/** One box for the rigs that are not given theirs: sealing checks the password's strength, which takes a while. */
const SHARED_BOX = new SecretBox(randomBytes(32));
const sealed = new WeakMap<SecretBox, Map<string, StoredSipAccount>>();

/** The rig agent's SIP account sealed by `box`, sealed once per box (the seal is bound to the agent id, not the app). */
function sealedSip(box: SecretBox, store: Store, id: keyof typeof SIP_PASSWORDS, username: string): StoredSipAccount {
  const byAgent = sealed.get(box) ?? new Map<string, StoredSipAccount>();
  sealed.set(box, byAgent);
  let account = byAgent.get(id);
  if (!account) {
    const accounts = new AgentSipAccounts({ store, box, softphone: SOFTPHONE });
    account = accounts.seal(id, { kind: 'password', username, password: SIP_PASSWORDS[id], authUser: null, domain: null, wsServer: null, displayName: null });
    byAgent.set(id, account);
  }
  return account;
}

export interface SecurityRig extends TestApp {
  /** The clock of the app's session tokens (ms); move it to expire sessions. */
  readonly clock: { now: number };
  /** The secrets key the app's session tokens are derived from, for tests that forge tokens with it. */
  readonly sessionSecret: Uint8Array;
  readonly box: SecretBox;
  /** Each rig agent's sign-in key, as the admin handed it out. */
  readonly signInKeys: Readonly<Record<string, string>>;
  /** What each principal sends as its bearer credential (null: nothing). */
  readonly credential: Readonly<Record<PrincipalName, string | null>>;
}

/**
 * A fresh app (the demo CRM, an admin token, both CRM sign-ins, ephemeral SIP, the SIP test tenant) holding the agents
 * of {@link AGENTS}, one call of A and one of B, a dead letter of A, and a credential for every principal of
 * {@link PRINCIPALS}: sessions for A, B and the admin agent; A's sign-in key; the session of an admin agent disabled
 * since, of one deleted since, one expired an hour ago, and one signed by a key the app does not have.
 */
export async function buildSecurityRig(options: TestAppOptions = {}): Promise<SecurityRig> {
  const clock = { now: T0 };
  const sessionSecret = randomBytes(32);
  const sessions = new SessionTokens({ keys: { current: sessionSecret, previous: [] }, ttlS: TTL_S, maxAgeS: MAX_AGE_S, now: () => clock.now });
  const box = options.secretBox ?? SHARED_BOX;
  const built = buildTestApp({
    adminToken: ADMIN_TOKEN,
    softphone: SOFTPHONE,
    ephemeralSipSecret: EPHEMERAL_SECRET,
    crmOrigins: [CRM_ORIGIN],
    signInMethods: ['salesforce', 'hubspot'],
    crmSignIn: {
      signIn: {
        salesforce: { loginUrl: LOGIN, clientId: CLIENT_ID, clientSecret: SF_CLIENT_SECRET },
        hubspot: { clientId: HUB_CLIENT_ID, clientSecret: HUB_CLIENT_SECRET, apiBaseUrl: API },
      },
      publicUrl: PUBLIC_URL,
      timeoutMs: 2000,
    },
    ...options,
    sessionTokens: sessions,
    secretBox: box,
  });
  const { store } = built;
  const signInKeys: Record<string, string> = {};
  const add = async (id: string, profile: Partial<NewAgent>) => {
    const key = newSignInKey();
    signInKeys[id] = key.key;
    await store.createAgent({ id, name: id, crmUserId: null, disabled: false, tokenHash: key.hash, ...profile });
  };
  await add(AGENTS.a, { crmUserId: USER_ID, sip: sealedSip(box, store, AGENTS.a, '1001') });
  await add(AGENTS.b, { sip: sealedSip(box, store, AGENTS.b, '1002') });
  await add(AGENTS.boss, { role: 'admin' });
  await add(AGENTS.gone, { role: 'admin' });
  await add(AGENTS.former, { role: 'admin' });

  const session = async (id: string, at = clock.now) => {
    const agent = await store.agentById(id);
    if (!agent) throw new Error(`no agent ${id}`);
    const saved = clock.now;
    clock.now = at;
    try {
      return (await sessions.issue({ agent, method: 'key' })).token;
    } finally {
      clock.now = saved;
    }
  };
  const foreign = new SessionTokens({ keys: { current: randomBytes(32), previous: [] }, ttlS: TTL_S, maxAgeS: MAX_AGE_S, now: () => clock.now });
  const boss = (await store.agentById(AGENTS.boss))!;
  const credential: Record<PrincipalName, string | null> = {
    anonymous: null,
    agentA: await session(AGENTS.a),
    agentB: await session(AGENTS.b),
    adminAgent: await session(AGENTS.boss),
    adminToken: ADMIN_TOKEN,
    keyOfA: signInKeys[AGENTS.a]!,
    disabled: await session(AGENTS.gone),
    expired: await session(AGENTS.boss, clock.now - 3600_000),
    foreignKey: (await foreign.issue({ agent: boss, method: 'key' })).token,
    deleted: await session(AGENTS.former),
  };
  await store.updateAgent(AGENTS.gone, { disabled: true });
  await store.deleteAgent(AGENTS.former);

  await store.appendCallEvents(finishedCall(CALLS.ofA, { agentId: AGENTS.a }), Date.now());
  await store.appendCallEvents(finishedCall(CALLS.ofB, { agentId: AGENTS.b }), Date.now());
  await store.appendCallEvents(finishedCall(CALLS.dead, { agentId: AGENTS.a }), Date.now());
  const leg = callLegKey(AGENTS.a, CALLS.dead);
  const record = foldCallEvents(await store.callEvents(leg))!;
  await store.saveFold({ callId: leg, version: 3, record, log: { ...callLogFromRecord(record, null)!, callId: leg }, now: Date.now(), deadReason: 'REJECTED: test' });

  return { ...built, clock, sessionSecret, box, signInKeys, credential };
}
