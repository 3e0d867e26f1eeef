import assert from 'node:assert/strict';
import { installNodeWebSocket, startKamailio, type KamailioStack } from '../../stack/sip-stack.js';
import { freeTcpPort } from '../../stack/free-port.js';
import { PASSWORDS, waitFor, watchPhone, type WatchedPhone } from './phone-test-kit.js';

describe('Phone core registration against a real Kamailio', function () {
  this.timeout(30_000);
  let stack: KamailioStack;
  const started: WatchedPhone[] = [];
  const start = async (watched: WatchedPhone) => {
    started.push(watched);
    await watched.phone.start();
    return watched;
  };

  before(async () => {
    installNodeWebSocket();
    stack = await startKamailio({ users: [{ username: 'alice', password: PASSWORDS.alice }, { username: 'bob', password: PASSWORDS.bob }] });
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.phone.stop()));
  });
  after(async () => stack?.stop());

  it('registers the agent with its password and says it is ready', async () => {
    const alice = await start(watchPhone(stack, 'alice'));
    assert.equal(alice.phone.registration, 'registered');
    assert.equal(alice.phone.problem, null);
    assert.deepEqual(alice.registrations.map((r) => r.state), ['connecting', 'registered']);
  });

  it('tells the agent the SIP server refused the account, and does not retry a wrong password', async () => {
    const alice = await start(watchPhone(stack, 'alice', { password: 'wrong-password-here' }));
    assert.equal(alice.phone.registration, 'failed');
    assert.equal(alice.phone.problem?.code, 'registration-refused');
    assert.match(alice.phone.problem?.message ?? '', /refused your account \(40[13]\).*SIP username and password/);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(alice.registrations.map((r) => r.state), ['connecting', 'failed']);
  });

  it('says the server is unreachable and keeps retrying while it is', async () => {
    const closedPort = await freeTcpPort();
    const alice = await start(watchPhone(stack, 'alice', { wsServer: `ws://127.0.0.1:${closedPort}` }));
    assert.equal(alice.phone.registration, 'reconnecting');
    assert.equal(alice.phone.problem?.code, 'server-unreachable');
    await waitFor('a second attempt', () => alice.registrations.filter((r) => r.state === 'connecting').length >= 2);
  });

  it('refuses to send the password over plain ws:// to another machine', async () => {
    const alice = await start(watchPhone(stack, 'alice', { wsServer: 'ws://sip.example.com:8080' }));
    assert.equal(alice.phone.registration, 'failed');
    assert.equal(alice.phone.problem?.code, 'insecure-server');
    await assert.rejects(alice.phone.dial({ sipUri: `sip:+14155550100@${stack.domain}`, extension: null, display: '+1 415 555 0100' }), /not connected/);
  });

  it('re-registers by itself when Kamailio restarts, and can call again', async () => {
    const alice = await start(watchPhone(stack, 'alice'));
    const bob = await start(watchPhone(stack, 'bob'));
    await stack.restart();
    await waitFor('alice to lose and regain registration', () =>
      alice.registrations.some((r) => r.state === 'reconnecting') && alice.phone.registration === 'registered', 15_000);
    await waitFor('bob to regain registration', () => bob.phone.registration === 'registered', 15_000);
    const call = await alice.phone.dial({ sipUri: `sip:bob@${stack.domain}`, extension: null, display: 'bob' });
    await waitFor('bob to ring', () => bob.calls.length === 1 && bob.calls[0]?.state === 'ringing');
    await bob.calls[0]!.answer();
    await waitFor('the call to connect', () => call.state === 'established');
    await call.hangup();
    await waitFor('bob to see the hang-up', () => bob.calls[0]?.state === 'ended');
    assert.deepEqual(bob.calls[0]?.end, { cause: 'hangup', sipStatus: null, hungUpBy: 'remote' });
  });

  it('re-registers at once when the browser comes back online', async () => {
    const alice = await start(watchPhone(stack, 'alice'));
    const before = alice.registrations.length;
    alice.goOnline();
    await waitFor('a fresh registration', () => alice.registrations.length >= before + 2 && alice.phone.registration === 'registered');
    assert.deepEqual(alice.registrations.slice(before).map((r) => r.state), ['connecting', 'registered']);
  });

  it('registers with new credentials handed over after the server refused the old ones', async () => {
    const alice = await start(watchPhone(stack, 'alice', { password: 'expired-credential-0' }));
    assert.equal(alice.phone.registration, 'failed');
    alice.phone.updateCredentials('alice', PASSWORDS.alice);
    await waitFor('registration with the new password', () => alice.phone.registration === 'registered');
    assert.equal(alice.phone.problem, null);
  });

  it('answers the next challenge with the credentials it was last given, keeping the registration meanwhile', async () => {
    const alice = await start(watchPhone(stack, 'alice'));
    alice.phone.updateCredentials('alice', 'not-the-password-any-more');
    assert.equal(alice.phone.registration, 'registered', 'nothing happens until the next challenge');
    alice.goOnline();
    await waitFor('the re-REGISTER to be refused with the new password', () => alice.phone.registration === 'failed');
    assert.equal(alice.phone.problem?.code, 'registration-refused');
    alice.phone.updateCredentials('alice', PASSWORDS.alice);
    await waitFor('registration again', () => alice.phone.registration === 'registered');
  });
});
