import assert from 'node:assert/strict';
import type { AgentSettings, LookupResult } from '../../../widget/src/connector/connector-api.js';
import { MARIA_KEY } from './fakes/fake-auth-api.js';
import { SETTINGS, type FakeConnectorApi } from './fakes/fake-connector-api.js';
import { FakeSoftPhone } from './fakes/fake-soft-phone.js';
import { MARIA, signedIn, WidgetRig } from './fakes/widget-rig.js';
import { settle } from './settle.js';

const DISABLED = 'An admin disabled your agent account, so you were signed out.';

/** Counts the settings reads of `connector` from now on. */
function countSettingsReads(connector: FakeConnectorApi): () => number {
  let reads = 0;
  const settings = connector.settings.bind(connector);
  connector.settings = () => {
    reads += 1;
    return settings();
  };
  return () => reads;
}

/** Settings as the connector answers them after an admin changed Maria's SIP account. */
function withSip(sip: Partial<NonNullable<AgentSettings['sip']>>): AgentSettings {
  return { ...SETTINGS, sip: { ...SETTINGS.sip!, ...sip } };
}

describe('WidgetApp: what the connector pushes', () => {
  it('follows the push stream while signed in, and closes it at sign-out', async () => {
    const rig = await signedIn();
    assert.equal(rig.connector.streams.size, 1);
    rig.app.actions.signOut();
    await settle();
    assert.equal(rig.connector.streams.size, 0);
    assert.equal(rig.connector.listened, 1);
  });

  it('signs out at once when an admin disables the agent: unregistered, the reason shown, the session forgotten', async () => {
    const rig = await signedIn();
    rig.connector.push({ type: 'session-ended', reason: 'disabled' });
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.sessionMessage, DISABLED);
    assert.equal(rig.app.state.registration, 'unregistered');
    assert.equal(rig.phone.registration, 'unregistered');
    assert.equal(rig.phone.stopped, 1);
    assert.equal(rig.keptSession(), null);
    assert.equal(rig.connector.streams.size, 0);
    assert.deepEqual(rig.host.said.slice(-1), ['signedOut']);
  });

  it('says why for each way an admin ends a session', async () => {
    const said: Record<string, string> = {
      deleted: 'An admin removed your agent account, so you were signed out.',
      'sessions-ended': 'An admin signed you out. Sign in again.',
      'sign-in-key-reset': 'An admin gave you a new sign-in key, so you were signed out. Sign in with the new key.',
      'role-changed': 'An admin changed your role, so you were signed out. Sign in again.',
      'crm-user-changed': 'An admin changed the CRM user of your agent account, so you were signed out. Sign in again.',
      'signed-out': 'You signed out in another tab or window, which signs you out everywhere. Sign in again to use the phone here.',
    };
    for (const [reason, message] of Object.entries(said)) {
      const rig = await signedIn();
      rig.connector.push({ type: 'session-ended', reason });
      await settle();
      assert.equal(rig.app.state.sessionMessage, message, reason);
    }
  });

  it('unregisters at once when the session is ended during a call, which goes on; no second call rings meanwhile', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    call.answered();
    rig.connector.push({ type: 'session-ended', reason: 'disabled' });
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.notice?.text, `${DISABLED} Your call goes on; sign in again once it is over.`);
    assert.equal(rig.phone.registration, 'unregistered');
    assert.equal(rig.app.state.registration, 'unregistered');
    assert.equal(rig.phone.stopped, 0);
    assert.equal(call.state, 'established');
    const second = rig.phone.ring('+14155550000');
    await settle();
    assert.equal(second.state, 'ended', 'the second call was refused');
    assert.deepEqual(rig.host.events.filter((e) => e.type === 'incoming'), [], 'the host heard of no incoming call');
    assert.deepEqual(rig.app.state.calls.map((c) => c.callId), [call.callId]);
    call.remoteHangup();
    await settle();
    assert.equal(rig.phone.stopped, 1);
    assert.equal(rig.phone.registration, 'unregistered');
  });

  it('registers the phone again when the same agent signs in again during that call', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    call.answered();
    rig.connector.push({ type: 'session-ended', reason: 'signed-out' });
    await settle();
    assert.equal(rig.phone.registration, 'unregistered');
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    assert.equal(rig.app.state.registration, 'registered');
    assert.equal(rig.phone.started, 2);
    assert.equal(call.state, 'established');
    const second = rig.phone.ring('+14155550000');
    await settle();
    assert.equal(second.state, 'ringing', 'calls ring again');
  });

  it('registers anew with a changed SIP account once no call is in progress', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    call.answered();
    rig.connector.settingsAnswer = withSip({ authorizationPassword: 'a-new-password', wsServer: 'wss://pbx2.demo.test:8443' });
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    assert.equal(rig.accounts.length, 1, 'not during the call');
    assert.equal(rig.phone.stopped, 0);
    call.remoteHangup();
    await settle();
    assert.equal(rig.phone.stopped, 1);
    assert.deepEqual(rig.accounts.map((a) => a.wsServer), ['wss://pbx.demo.test:8443', 'wss://pbx2.demo.test:8443']);
    assert.equal(rig.phone.started, 2);
    assert.equal(rig.app.state.session, 'ready');
    assert.equal(rig.app.state.registration, 'registered');
  });

  it('keeps the phone when the account changes during a call and back again before it ends', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    call.answered();
    rig.connector.settingsAnswer = withSip({ wsServer: 'wss://pbx2.demo.test:8443' });
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    rig.connector.settingsAnswer = SETTINGS;
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    const reads = countSettingsReads(rig.connector);
    call.remoteHangup();
    await settle();
    assert.equal(reads(), 0, 'nothing waited for the call to end any more');
    assert.equal(rig.phone.stopped, 0);
    assert.equal(rig.accounts.length, 1);
    assert.equal(rig.app.state.registration, 'registered');
  });

  it('registers with the settings as they are when the call ends, not as they were when the change came', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    call.answered();
    const limited = (password: string) =>
      withSip({ aor: 'sip:1001@pbx.demo.test', authorizationUsername: '2000000000:1001', authorizationPassword: password, credentialsExpireAt: '2033-05-18T03:33:20.000Z' });
    rig.connector.settingsAnswer = limited('expired-by-the-end-of-the-call');
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    // Renewed meanwhile, with nothing pushed: time-limited credentials just change.
    rig.connector.settingsAnswer = limited('fresh');
    call.remoteHangup();
    await settle();
    assert.deepEqual(rig.accounts.map((a) => a.authorizationPassword), ['secret', 'fresh']);
  });

  it('leaves a phone replaced while still starting alone: the registration shown is the new phone’s', async () => {
    const phones: FakeSoftPhone[] = [];
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const rig = new WidgetRig({
      createPhone: () => {
        const phone = new FakeSoftPhone();
        if (phones.length === 0) {
          phone.startsAs = { state: 'failed', problem: { code: 'registration-refused', message: 'the old account was refused' } };
          const start = phone.start.bind(phone);
          phone.start = async () => {
            await released;
            await start();
          };
        }
        phones.push(phone);
        return phone;
      },
    });
    await rig.app.start();
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    rig.connector.settingsAnswer = withSip({ wsServer: 'wss://pbx2.demo.test:8443' });
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    assert.equal(phones.length, 2);
    release();
    await settle();
    assert.equal(rig.app.state.registration, 'registered');
    assert.equal(rig.app.state.registrationMessage, null);
  });

  it('takes a new password for the same account by registering anew at once when idle', async () => {
    const rig = await signedIn();
    rig.connector.settingsAnswer = withSip({ authorizationPassword: 'reset-by-the-admin' });
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    assert.deepEqual(rig.accounts.map((a) => a.authorizationPassword), ['secret', 'reset-by-the-admin']);
  });

  it('hands fresh time-limited credentials for the same user to the phone without registering anew', async () => {
    const rig = new WidgetRig();
    const limited = (expiry: number, password: string) => withSip({ authorizationUsername: `${expiry}:maria`, authorizationPassword: password, credentialsExpireAt: new Date(expiry * 1000).toISOString() });
    rig.configure = (c) => (c.settingsAnswer = limited(2_000_000_000, 'first'));
    await signedIn(rig);
    rig.connector.settingsAnswer = limited(2_000_000_900, 'second');
    rig.connector.push({ type: 'resync' });
    await settle();
    assert.equal(rig.accounts.length, 1);
    assert.deepEqual(rig.phone.credentials, ['2000000900:maria/second']);
  });

  it('shows a new name and dispositions at once, leaving the registration alone', async () => {
    const rig = await signedIn();
    rig.connector.settingsAnswer = { ...SETTINGS, agent: { id: 'maria', name: 'Maria G. Lopez' }, dispositions: ['Sold'] };
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    assert.equal(rig.app.state.agentName, 'Maria G. Lopez');
    assert.deepEqual(rig.app.state.dispositions, ['Sold']);
    assert.equal(rig.accounts.length, 1);
    assert.equal(rig.phone.stopped, 0);
  });

  it('reads the settings once more, not once per push, when several arrive during a read', async () => {
    const rig = await signedIn();
    const reads = countSettingsReads(rig.connector);
    for (let n = 0; n < 5; n++) rig.connector.push({ type: n % 2 ? 'resync' : 'settings-changed' });
    await settle();
    assert.equal(reads(), 2);
  });

  it('reads the settings on a push without a phone, and starts one only once they hold a SIP account', async () => {
    const rig = new WidgetRig();
    rig.configure = (c) => (c.settingsAnswer = { ...SETTINGS, sip: null });
    await rig.app.start();
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'no-phone');
    const states: string[] = [];
    rig.app.subscribe((state) => states.push(state.session));
    const reads = countSettingsReads(rig.connector);
    rig.connector.push({ type: 'resync' });
    await settle();
    assert.equal(reads(), 1);
    assert.deepEqual(states.filter((s) => s !== 'no-phone'), [], 'the sign-in screen never showed');
    rig.connector.settingsAnswer = SETTINGS;
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    assert.equal(rig.app.state.session, 'ready');
  });

  it('drops the phone when the admin removes the SIP account, and starts one when an account is given', async () => {
    const rig = await signedIn();
    rig.connector.settingsAnswer = { ...SETTINGS, sip: null };
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    assert.equal(rig.app.state.session, 'no-phone');
    assert.match(rig.app.state.sessionMessage ?? '', /has not given you a phone/);
    assert.equal(rig.phone.stopped, 1);
    rig.connector.settingsAnswer = withSip({ aor: 'sip:1001@pbx.demo.test', authorizationUsername: '1001' });
    rig.connector.push({ type: 'settings-changed' });
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    assert.deepEqual(rig.accounts.map((a) => a.aor), ['sip:maria@pbx.demo.test', 'sip:1001@pbx.demo.test']);
    assert.equal(rig.connector.streams.size, 1, 'still one stream');
  });

  it('pops the connector’s records for a ringing call whose own lookup has not answered, and never pops twice', async () => {
    const rig = new WidgetRig();
    let release: (result: LookupResult) => void = () => {};
    rig.configure = (c) => (c.lookup = () => new Promise<LookupResult>((resolve) => (release = resolve)));
    await signedIn(rig);
    const call = rig.phone.ring('+14155552671');
    rig.connector.push({ type: 'screen-pop', callId: 'someone-else@pbx', number: '+1 415 555 0000', matches: [] });
    rig.connector.push({ type: 'screen-pop', callId: call.callId, number: '+1 415 555 2671', matches: [MARIA] });
    await settle();
    assert.deepEqual(rig.host.events, [{ type: 'incoming', call, matches: [MARIA] }]);
    assert.deepEqual(rig.callLog.records, [{ callId: call.callId, record: MARIA }]);
    assert.deepEqual(rig.app.state.calls.map((c) => [c.name, c.number]), [['Maria Gonzalez', '+1 415 555 2671']]);
    release({ e164: '+14155552671', display: '+1 415 555 2671', matches: [] });
    rig.connector.push({ type: 'screen-pop', callId: call.callId, number: '+1 415 555 2671', matches: [MARIA] });
    await settle();
    assert.equal(rig.host.events.length, 1, 'the host heard `incoming` once');
  });

  it('ignores the connector’s pop when its own lookup popped first', async () => {
    const rig = await signedIn();
    const call = rig.phone.ring('+14155552671');
    await settle();
    rig.connector.push({ type: 'screen-pop', callId: call.callId, number: '+1 415 555 2671', matches: [MARIA] });
    await settle();
    assert.deepEqual(rig.host.events, [{ type: 'incoming', call, matches: [] }]);
  });
});
