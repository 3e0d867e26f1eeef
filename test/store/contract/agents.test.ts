import assert from 'node:assert/strict';
import { hashToken } from '../../../connector/src/auth/sign-in-key.js';
import { DuplicateAgentError, type NewAgent, type Store, type StoredSipAccount } from '../../../connector/src/store/store.js';
import { finishedCall } from '../../outbox/call-events.js';
import { agentFixture } from '../../support/agent-fixture.js';
import { describeEachStore } from './store-kinds.js';

const newAgent = (id: string, more: Partial<NewAgent> = {}): NewAgent => ({
  id,
  name: `Agent ${id}`,
  crmUserId: null,
  disabled: false,
  tokenHash: hashToken(`key-of-${id}`),
  ...more,
});

const EPHEMERAL: StoredSipAccount = { kind: 'ephemeral', username: '1001', domain: null, authUser: null, sealedPassword: null, displayName: null, wsServer: null };

describeEachStore('agents', (open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });

  it('creates an agent with the default profile: role agent, no team, tenant policy and limits', async () => {
    await store.createAgent(newAgent('maria'));
    const agent = await store.agentById('maria');
    assert.ok(Number.isSafeInteger(agent?.sessionEpoch));
    const noLimits = { callsPerMinute: null, callsPerDay: null, concurrentCalls: null };
    assert.deepEqual({ ...agent, sessionEpoch: 0 }, agentFixture({ id: 'maria', name: 'Agent maria', limits: noLimits, sessionEpoch: 0 }));
  });

  it('keeps every profile field as given', async () => {
    const profile = {
      crmUserId: '005xx000001',
      role: 'admin' as const,
      team: 'Sales Berlin',
      callerId: '+4930123456',
      allowedCountries: ['DE', 'AT'],
      limits: { callsPerMinute: 5, callsPerDay: null, concurrentCalls: 1 },
    };
    await store.createAgent(newAgent('omar', profile));
    const agent = await store.agentById('omar');
    assert.deepEqual({ ...agent, sessionEpoch: undefined }, { id: 'omar', name: 'Agent omar', disabled: false, ...profile, sessionEpoch: undefined });
  });

  it('finds an agent by its sign-in key hash and by its CRM user id, and lists agents by id', async () => {
    await store.createAgent(newAgent('zoe', { crmUserId: 'U-2' }));
    await store.createAgent(newAgent('adam', { crmUserId: 'U-1' }));
    assert.equal((await store.agentByTokenHash(hashToken('key-of-zoe')))?.id, 'zoe');
    assert.equal(await store.agentByTokenHash(hashToken('a key nobody has')), null);
    assert.equal((await store.agentByCrmUserId('U-1'))?.id, 'adam');
    assert.equal(await store.agentByCrmUserId('U-3'), null);
    assert.deepEqual((await store.listAgents()).map((a) => a.id), ['adam', 'zoe']);
  });

  it('refuses a second agent with the same id or CRM user id, saying which', async () => {
    await store.createAgent(newAgent('maria', { crmUserId: 'U-1' }));
    await assert.rejects(store.createAgent(newAgent('maria', { tokenHash: hashToken('other') })), (e: unknown) => e instanceof DuplicateAgentError && e.field === 'id');
    await assert.rejects(store.createAgent(newAgent('omar', { crmUserId: 'U-1' })), (e: unknown) => e instanceof DuplicateAgentError && e.field === 'crmUserId');
    assert.deepEqual((await store.listAgents()).map((a) => a.id), ['maria']);
  });

  it('lets any number of agents have no CRM user id', async () => {
    await store.createAgent(newAgent('a'));
    await store.createAgent(newAgent('b'));
    assert.equal((await store.listAgents()).length, 2);
  });

  it('creates the agent and its SIP account together, or neither when the agent is refused', async () => {
    await store.createAgent(newAgent('maria', { sip: EPHEMERAL }));
    assert.deepEqual(await store.agentSip('maria'), EPHEMERAL);
    await assert.rejects(store.createAgent(newAgent('maria', { tokenHash: hashToken('other'), sip: { ...EPHEMERAL, username: '2002' } })), DuplicateAgentError);
    assert.equal((await store.agentSip('maria'))?.username, '1001');
  });

  it('applies a patch and leaves the fields it does not name', async () => {
    await store.createAgent(newAgent('maria', { team: 'A', callerId: '+14155552671' }));
    const after = await store.updateAgent('maria', { name: 'Maria Lopez', limits: { callsPerMinute: 3, callsPerDay: 100, concurrentCalls: null } });
    assert.equal(after?.name, 'Maria Lopez');
    assert.equal(after?.team, 'A');
    assert.equal(after?.callerId, '+14155552671');
    assert.deepEqual(after?.limits, { callsPerMinute: 3, callsPerDay: 100, concurrentCalls: null });
    assert.deepEqual(await store.agentById('maria'), after);
  });

  it('clears nullable fields set to null', async () => {
    await store.createAgent(newAgent('maria', { team: 'A', allowedCountries: ['US'], crmUserId: 'U-1' }));
    const after = await store.updateAgent('maria', { team: null, allowedCountries: null, crmUserId: null });
    assert.equal(after?.team, null);
    assert.equal(after?.allowedCountries, null);
    assert.equal(after?.crmUserId, null);
  });

  it('ends the sessions (bumps the epoch) when an agent is disabled, changes role or CRM user, but not for a name', async () => {
    await store.createAgent(newAgent('maria', { crmUserId: 'U-1' }));
    const e0 = (await store.agentById('maria'))!.sessionEpoch;
    assert.equal((await store.updateAgent('maria', { name: 'M', team: 'T', limits: { callsPerMinute: 1, callsPerDay: null, concurrentCalls: null } }))?.sessionEpoch, e0);
    assert.equal((await store.updateAgent('maria', { disabled: true }))?.sessionEpoch, e0 + 1);
    assert.equal((await store.updateAgent('maria', { disabled: true }))?.sessionEpoch, e0 + 1, 'disabled again: no change, no bump');
    assert.equal((await store.updateAgent('maria', { role: 'admin' }))?.sessionEpoch, e0 + 2);
    assert.equal((await store.updateAgent('maria', { crmUserId: 'U-2' }))?.sessionEpoch, e0 + 3);
  });

  it('refuses a CRM user id another agent has, and changes nothing', async () => {
    await store.createAgent(newAgent('maria', { crmUserId: 'U-1' }));
    await store.createAgent(newAgent('omar', { crmUserId: 'U-2' }));
    await assert.rejects(store.updateAgent('omar', { crmUserId: 'U-1', name: 'Omar H' }), (e: unknown) => e instanceof DuplicateAgentError && e.field === 'crmUserId');
    const omar = await store.agentById('omar');
    assert.equal(omar?.crmUserId, 'U-2');
    assert.equal(omar?.name, 'Agent omar');
  });

  it('answers null or false for an agent that does not exist', async () => {
    assert.equal(await store.updateAgent('ghost', { name: 'x' }), null);
    assert.equal(await store.deleteAgent('ghost'), false);
    assert.equal(await store.setSignInKey('ghost', hashToken('k')), false);
    assert.equal(await store.bumpSessionEpoch('ghost'), null);
  });

  it('replaces the sign-in key: the old one no longer finds the agent, and its sessions end', async () => {
    await store.createAgent(newAgent('maria'));
    const e0 = (await store.agentById('maria'))!.sessionEpoch;
    assert.equal(await store.setSignInKey('maria', hashToken('new key')), true);
    assert.equal(await store.agentByTokenHash(hashToken('key-of-maria')), null);
    const agent = await store.agentByTokenHash(hashToken('new key'));
    assert.equal(agent?.id, 'maria');
    assert.equal(agent?.sessionEpoch, e0 + 1);
  });

  it('bumps the session epoch by one each time and answers the new epoch', async () => {
    await store.createAgent(newAgent('maria'));
    const e0 = (await store.agentById('maria'))!.sessionEpoch;
    assert.equal(await store.bumpSessionEpoch('maria'), e0 + 1);
    assert.equal(await store.bumpSessionEpoch('maria'), e0 + 2);
    assert.equal((await store.agentById('maria'))?.sessionEpoch, e0 + 2);
  });

  it('starts each agent’s session epoch at a random value', async () => {
    await store.createAgent(newAgent('maria'));
    await store.createAgent(newAgent('omar'));
    const [maria, omar] = [(await store.agentById('maria'))!.sessionEpoch, (await store.agentById('omar'))!.sessionEpoch];
    assert.ok(maria > 0 && omar > 0);
    assert.notEqual(maria, omar);
  });

  it('never gives a deleted agent’s id again, so no new agent inherits its calls or sessions', async () => {
    await store.createAgent(newAgent('maria'));
    await store.appendCallEvents(finishedCall('old-call', { agentId: 'maria' }), Date.now());
    assert.equal(await store.deleteAgent('maria'), true);
    await assert.rejects(store.createAgent(newAgent('maria')), (error: unknown) => error instanceof DuplicateAgentError && error.field === 'retiredId');
    assert.equal(await store.agentById('maria'), null);
    assert.equal(await store.deleteAgent('maria'), false);
  });

  it('ignores a patch field given as undefined', async () => {
    await store.createAgent(newAgent('maria', { team: 'sales' }));
    const patched = await store.updateAgent('maria', { name: 'Maria G', team: undefined });
    assert.equal(patched?.name, 'Maria G');
    assert.equal(patched?.team, 'sales');
  });

  it('deletes the agent with its SIP account', async () => {
    await store.createAgent(newAgent('maria', { sip: EPHEMERAL }));
    assert.equal(await store.deleteAgent('maria'), true);
    assert.equal(await store.agentById('maria'), null);
    assert.equal(await store.agentSip('maria'), null);
    assert.deepEqual(await store.listAgents(), []);
  });

  it('of two agents created at once with one id, keeps one and refuses the other as a duplicate', async () => {
    const results = await Promise.allSettled([
      store.createAgent(newAgent('maria', { name: 'First', sip: EPHEMERAL })),
      store.createAgent(newAgent('maria', { name: 'Second', tokenHash: hashToken('other'), sip: { ...EPHEMERAL, username: '2002' } })),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(refused.length, 1);
    assert.ok(refused[0]!.reason instanceof DuplicateAgentError && refused[0]!.reason.field === 'id');
    const kept = (await store.agentById('maria'))!;
    assert.equal((await store.agentSip('maria'))?.username, kept.name === 'First' ? '1001' : '2002', 'the SIP account is the kept agent’s');
  });

  it('applies patches made at once to different fields, losing none', async () => {
    await store.createAgent(newAgent('maria'));
    for (let round = 1; round <= 5; round++) {
      await Promise.all([
        store.updateAgent('maria', { name: `Name ${round}` }),
        store.updateAgent('maria', { team: `Team ${round}` }),
        store.updateAgent('maria', { callerId: `+1415555000${round}` }),
      ]);
      const agent = await store.agentById('maria');
      assert.deepEqual([agent?.name, agent?.team, agent?.callerId], [`Name ${round}`, `Team ${round}`, `+1415555000${round}`]);
    }
  });
});
