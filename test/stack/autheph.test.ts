import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Inviter, SessionState, UserAgent, type Invitation } from 'sip.js';
import { EphemeralSipCredentials, type MintedSipCredentials } from '../../connector/src/auth/ephemeral-sip-credentials.js';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { AgentSipAccounts } from '../../connector/src/services/agent-sip-accounts.js';
import { DEFAULT_SOFTPHONE_SETTINGS } from '../../connector/src/services/softphone-settings.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import {
  headerValue,
  startKamailio,
  startNodeAgent,
  startSipp,
  type KamailioStack,
  type NodeAgent,
  type SippRun,
} from './sip-stack.js';
import { waitFor, waitForSessionState } from './session-waits.js';

const SECRET = randomBytes(24).toString('hex');
const BOB = { username: 'bob', password: 'bob-Plaintext-Secret-9' };
const HOUR_MS = 60 * 60 * 1000;

/** A sip.js agent whose digest user name differs from its address, as ephemeral credentials need. */
type EphemeralAgent = NodeAgent;

describe('Ephemeral SIP credentials minted by the connector, checked by a real Kamailio with auth_ephemeral', () => {
  let stack: KamailioStack;
  const minter = new EphemeralSipCredentials(SECRET);
  const agents: { stop(): Promise<void> }[] = [];
  let sipp: SippRun | undefined;

  before(async () => {
    stack = await startKamailio({ users: [BOB], ephemeralSecret: SECRET });
  });
  afterEach(async () => {
    await sipp?.stop();
    sipp = undefined;
    for (const agent of agents.splice(0)) await agent.stop();
  });
  after(async () => {
    await stack?.stop();
  });

  async function startAgent(user: string, credentials: Pick<MintedSipCredentials, 'authorizationUsername' | 'authorizationPassword'>, onInvite?: (invitation: Invitation) => void): Promise<EphemeralAgent> {
    const agent = await startNodeAgent({
      stack,
      user: { username: user, password: credentials.authorizationPassword },
      authorizationUsername: credentials.authorizationUsername,
      ...(onInvite ? { onInvite } : {}),
    });
    agents.push(agent);
    return agent;
  }

  const registering = async (user: string, credentials: Pick<MintedSipCredentials, 'authorizationUsername' | 'authorizationPassword'>): Promise<number[]> => {
    const agent = await startAgent(user, credentials);
    await agent.register();
    return agent.trace.responses('REGISTER');
  };
  /**
   * What Kamailio logged from the start of `act` until a line matching `expected` arrived (or 3 s passed): a refusal
   * must be refused for the reason the test means. Its log line can reach us a moment after the SIP answer does.
   */
  const logOf = async <T>(act: () => Promise<T>, expected: RegExp): Promise<{ value: T; log: string }> => {
    const mark = stack.logs().length;
    const value = await act();
    const deadline = Date.now() + 3000;
    while (!expected.test(stack.logs().slice(mark)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return { value, log: stack.logs().slice(mark) };
  };

  it('registers an agent with credentials the connector minted (challenged, then 200), with no password configured on the SIP server for it', async () => {
    const credentials = minter.mint({ username: 'alice', expiresAt: Date.now() + HOUR_MS });
    assert.match(credentials.authorizationUsername, /^\d{10}:alice$/);
    assert.deepEqual(await registering('alice', credentials), [401, 200]);
  });

  it("registers with what the connector's agent settings hand an ephemeral agent's widget", async () => {
    const store = SqliteStore.open(':memory:');
    try {
      const softphone = { ...DEFAULT_SOFTPHONE_SETTINGS, sipDomain: stack.domain, wsServer: stack.wsUrl };
      const accounts = new AgentSipAccounts({ store, box: new SecretBox(randomBytes(32)), softphone, ephemeralSecret: SECRET });
      const sip = accounts.seal('erin', { kind: 'ephemeral', username: 'erin', password: null, authUser: null, domain: null, wsServer: null, displayName: null });
      await store.createAgent({ id: 'erin', name: 'Erin', crmUserId: null, disabled: false, tokenHash: 'e'.repeat(64), sip });
      const settings = await accounts.settingsFor((await store.agentById('erin'))!, { refreshUntil: Date.now() + HOUR_MS });
      assert.equal(settings.sip?.aor, `sip:erin@${stack.domain}`);
      assert.equal(settings.sip.wsServer, stack.wsUrl);
      assert.deepEqual(await registering('erin', settings.sip), [401, 200]);
    } finally {
      await store.close();
    }
  });

  it('refuses credentials whose expiry has passed with 403, though the password matches them', async () => {
    const credentials = minter.mint({ username: 'alice', expiresAt: Date.now() - 60_000 });
    const { value, log } = await logOf(() => registering('alice', credentials), /username has expired/);
    assert.deepEqual(value, [401, 403]);
    assert.match(log, /username has expired/);
  });

  it('refuses a tampered password, and a user name whose expiry was pushed back, with 403', async () => {
    const credentials = minter.mint({ username: 'alice', expiresAt: Date.now() + HOUR_MS });
    const password = credentials.authorizationPassword;
    const flipped = `${password[0] === 'A' ? 'B' : 'A'}${password.slice(1)}`;
    const wrongPassword = /auth refused: REGISTER from alice with ephemeral credentials \(-2\)/;
    const tampered = await logOf(() => registering('alice', { ...credentials, authorizationPassword: flipped }), wrongPassword);
    assert.deepEqual(tampered.value, [401, 403]);
    assert.match(tampered.log, wrongPassword, 'refused as a wrong password');
    const [expiry] = credentials.authorizationUsername.split(':');
    const later = `${Number(expiry) + 86_400}:alice`;
    assert.deepEqual(await registering('alice', { ...credentials, authorizationUsername: later }), [401, 403]);
  });

  it('refuses credentials made with another secret with 403', async () => {
    const forged = new EphemeralSipCredentials('not-the-sip-servers-secret').mint({ username: 'alice', expiresAt: Date.now() + HOUR_MS });
    assert.deepEqual(await registering('alice', forged), [401, 403]);
  });

  it("refuses credentials minted for one agent when used to register as another (403), and the other's own still work", async () => {
    const alices = minter.mint({ username: 'alice', expiresAt: Date.now() + HOUR_MS });
    const { value, log } = await logOf(() => registering('carol', alices), /auth refused: REGISTER from carol with credentials of \d+:alice/);
    assert.deepEqual(value, [401, 403]);
    assert.match(log, /auth refused: REGISTER from carol with credentials of \d+:alice/, 'valid credentials, refused for being another user’s');
    assert.deepEqual(await registering('carol', minter.mint({ username: 'carol', expiresAt: Date.now() + HOUR_MS })), [401, 200]);
  });

  it('keeps plaintext-password agents working beside ephemeral ones, and refuses ephemeral credentials for them minted elsewhere', async () => {
    const bob = await startNodeAgent({ stack, user: BOB });
    agents.push(bob);
    assert.equal(await bob.register(), 200);
    const forged = new EphemeralSipCredentials('guessed-secret').mint({ username: 'bob', expiresAt: Date.now() + HOUR_MS });
    assert.deepEqual(await registering('bob', forged), [401, 403]);
  });

  it('authenticates an ephemeral agent’s call to the PSTN too: 407, then the call is answered', async () => {
    const agent = await startAgent('alice', minter.mint({ username: 'alice', expiresAt: Date.now() + HOUR_MS }));
    assert.equal(await agent.register(), 200);
    sipp = await startSipp({ scenario: 'uas-answer', localPort: stack.pstnPort, timeoutMs: 10_000 });
    const inviter = new Inviter(agent.userAgent, UserAgent.makeURI(`sip:+14155550123@${stack.domain}`)!);
    await inviter.invite();
    await waitForSessionState(inviter, SessionState.Established);
    await inviter.bye();
    const result = await sipp.done;
    assert.equal(result.exitCode, 0, result.diagnostics);
    assert.deepEqual(agent.trace.responses('INVITE', inviter.request.callId).filter((status) => status >= 300), [407]);
    const sentInvites = agent.trace.messages.filter((m) => m.direction === 'sent' && m.method === 'INVITE');
    assert.match(headerValue(sentInvites.at(-1)!, 'Proxy-Authorization') ?? '', /username="\d{10}:alice"/);
  });

  it("refuses a call made with another agent's ephemeral credentials with 403", async () => {
    const mallory = await startAgent('mallory', minter.mint({ username: 'alice', expiresAt: Date.now() + HOUR_MS }));
    const inviter = new Inviter(mallory.userAgent, UserAgent.makeURI(`sip:+14155550123@${stack.domain}`)!);
    const status = await waitFor<number>('a final response', (done) => {
      void inviter.invite({ requestDelegate: { onReject: (response) => done(response.message.statusCode ?? 0) } });
    });
    assert.equal(status, 403);
    assert.deepEqual(mallory.trace.responses('INVITE'), [407, 403]);
    assert.match(stack.logs(), /auth refused: INVITE from mallory with credentials of \d+:alice/);
  });

  it('routes a PSTN call to an ephemeral agent by its registration', async () => {
    let onInvite: ((invitation: Invitation) => void) | undefined;
    const agent = await startAgent('dave', minter.mint({ username: 'dave', expiresAt: Date.now() + HOUR_MS }), (i) => onInvite?.(i));
    assert.equal(await agent.register(), 200);
    const invited = waitFor<Invitation>('an incoming call', (done) => (onInvite = done));
    sipp = await startSipp({
      scenario: 'uac-call-agent',
      remote: `127.0.0.1:${stack.udpPort}`,
      service: 'dave',
      keys: { caller: '+442079460958', domain: stack.domain },
      pauseMs: 200,
      timeoutMs: 10_000,
    });
    const invitation = await invited;
    await invitation.accept();
    await waitForSessionState(invitation, SessionState.Terminated);
    const result = await sipp.done;
    assert.equal(result.exitCode, 0, result.diagnostics);
  });
});
