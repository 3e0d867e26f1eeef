import assert from 'node:assert/strict';
import { REFUSAL_REASON, REFUSED_NUMBER, SETTINGS, UNUSABLE_MESSAGE, UNUSABLE_NUMBER } from './fakes/fake-connector-api.js';
import { SignInError } from '../../../widget/src/auth/sign-in-error.js';
import { MARIA_KEY } from './fakes/fake-auth-api.js';
import { MARIA, signedIn, WidgetRig } from './fakes/widget-rig.js';
import { settle } from './settle.js';

describe('WidgetApp: signing in', () => {
  it('signs in with a sign-in key: a session, settings, phone from the SIP account, started, host told; only the session is kept', async () => {
    const rig = new WidgetRig();
    await rig.app.start();
    assert.equal(rig.app.state.session, 'signed-out');
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    const state = rig.app.state;
    assert.equal(state.session, 'ready');
    assert.equal(state.agentName, 'Maria Gonzalez');
    assert.equal(state.registration, 'registered');
    assert.deepEqual(state.dispositions, SETTINGS.dispositions);
    assert.deepEqual(rig.accounts, [SETTINGS.sip]);
    assert.equal(rig.phone.started, 1);
    assert.deepEqual(rig.host.said, ['start', 'signedIn']);
    assert.deepEqual(rig.auth.asked, ['methods', `key ${MARIA_KEY}`]);
    const kept = rig.keptSession();
    assert.equal(kept?.agent.id, 'maria');
    assert.equal(rig.connector.tokens.at(-1), kept?.token, 'the connector is asked with the session token');
    const stored = [...rig.storage.items.values()].join('\n');
    assert.ok(!stored.includes(MARIA_KEY), 'the sign-in key is not kept anywhere');
  });

  it('sends a refused sign-in key back to the sign-in screen with what to do', async () => {
    const rig = new WidgetRig();
    await rig.app.start();
    rig.app.actions.signInWithKey('not-a-key');
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.match(rig.app.state.sessionMessage ?? '', /sign-in key was not accepted.*ask your admin for a new one/);
    assert.equal(rig.keptSession(), null);
    assert.deepEqual(rig.connectors, []);
    assert.deepEqual(rig.host.said, ['start']);
  });

  it('says the connector cannot be reached when the key cannot be exchanged', async () => {
    const rig = new WidgetRig();
    await rig.app.start();
    rig.auth.unreachable = true;
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.match(rig.app.state.sessionMessage ?? '', /^Could not reach the connector: .*try again/i);
  });

  it('offers the CRM sign-ins the connector names, and keeps the key when it cannot say', async () => {
    const rig = new WidgetRig();
    rig.auth.methodsOffered = ['key', 'salesforce'];
    await rig.app.start();
    assert.deepEqual(rig.app.state.signInMethods, ['key', 'salesforce']);
    const offline = new WidgetRig();
    offline.auth.unreachable = true;
    await offline.app.start();
    assert.deepEqual(offline.app.state.signInMethods, ['key']);
  });

  it('signs in with the CRM account through the popup sign-in, and shows why one failed', async () => {
    const rig = new WidgetRig();
    rig.auth.methodsOffered = ['key', 'salesforce'];
    await rig.app.start();
    rig.app.actions.signInWithCrm('salesforce');
    assert.deepEqual(rig.crmSignIns.map((s) => s.crm), ['salesforce'], 'the popup is asked for within the click');
    assert.equal(rig.app.state.session, 'signing-in');
    assert.equal(rig.app.state.signingInWith, 'salesforce');
    rig.crmSignIns[0]!.reject(new SignInError('NO_AGENT_FOR_CRM_USER', 'Your Salesforce user has no agent profile; ask your admin to add one.'));
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.sessionMessage, 'Your Salesforce user has no agent profile; ask your admin to add one.');
    rig.app.actions.signInWithCrm('salesforce');
    const session = rig.finishCrmSignIn();
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    assert.equal(rig.keptSession()?.token, session.token);
  });

  it('tells an agent without a SIP account to ask the admin, and creates no phone', async () => {
    const rig = new WidgetRig();
    rig.configure = (c) => (c.settingsAnswer = { ...SETTINGS, sip: null });
    await rig.app.start();
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'no-phone');
    assert.match(rig.app.state.sessionMessage ?? '', /admin has not given you a phone \(SIP\) account/);
    assert.deepEqual(rig.accounts, []);
    assert.ok(!rig.host.said.includes('signedIn'));
  });

  it('keeps the session when the connector is unreachable, and Try again signs in once it is back', async () => {
    const rig = new WidgetRig();
    let down = true;
    rig.configure = (c) => (c.unreachable = down);
    await rig.app.start();
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'no-phone');
    assert.match(rig.app.state.sessionMessage ?? '', /^Could not reach the connector: .*try again/i);
    down = false;
    rig.connector.unreachable = false;
    rig.app.actions.retrySettings();
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    assert.equal(rig.connectors.length, 1, 'the same client, with the same session');
    assert.deepEqual(rig.auth.asked, ['methods', `key ${MARIA_KEY}`]);
  });

  it('signs in on start with a session kept from an earlier visit, without asking', async () => {
    const first = await signedIn();
    const rig = new WidgetRig();
    rig.auth.accept(first.keptSession()!);
    rig.storage.setItem('c2c:test:session', JSON.stringify(first.keptSession()));
    await rig.app.start();
    assert.equal(rig.app.state.session, 'ready');
    assert.equal(rig.phone.started, 1);
    assert.deepEqual(rig.auth.asked, ['methods']);
  });

  it('does not use a kept session that has expired, and forgets an old long-lived agent token', async () => {
    const rig = new WidgetRig();
    const expired = { ...rig.auth.issue({ id: 'maria', name: 'Maria Gonzalez', role: 'agent' }), expiresAt: Date.now() - 1000 };
    rig.storage.setItem('c2c:test:session', JSON.stringify(expired));
    rig.storage.setItem('c2c:test:token', 'an-old-agent-token');
    await rig.app.start();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.sessionMessage, null);
    assert.deepEqual(rig.connectors, []);
    assert.equal(rig.storage.getItem('c2c:test:session'), null);
    assert.equal(rig.storage.getItem('c2c:test:token'), null);
  });

  it('shows why the phone did not register', async () => {
    const rig = new WidgetRig();
    rig.phone.startsAs = { state: 'failed', problem: { code: 'registration-refused', message: 'The SIP server refused your password.' } };
    await signedIn(rig);
    assert.equal(rig.app.state.registration, 'failed');
    assert.equal(rig.app.state.registrationMessage, 'The SIP server refused your password.');
    rig.phone.setRegistration('reconnecting', { code: 'server-unreachable', message: 'The SIP server cannot be reached.' });
    assert.equal(rig.app.state.registration, 'reconnecting');
  });

  it('refuses to sign out during a call; afterwards drains the events, ends the session at the connector, stops the phone', async () => {
    const rig = await signedIn();
    const token = rig.keptSession()!.token;
    rig.app.actions.dial('415 555 2671');
    await settle();
    rig.app.actions.signOut();
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    assert.equal(rig.app.state.notice?.text, 'Hang up your calls before you sign out.');
    const call = rig.phone.calls[0]!;
    call.remoteHangup();
    rig.app.actions.signOut();
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.sessionMessage, null);
    assert.equal(rig.connector.drained, 2, 'once to ask whether the ended call is logged, once at sign-out');
    assert.equal(rig.connector.stopped, 1);
    assert.equal(rig.auth.asked.at(-1), `sign-out ${token}`);
    assert.equal(rig.auth.agentOf(token), null, 'the session is over at the connector too');
    assert.equal(rig.phone.stopped, 1);
    assert.equal(rig.phone.listenerCount(), 0);
    assert.equal(rig.callLog.stopped, 1);
    assert.equal(rig.keptSession(), null);
    assert.deepEqual(rig.host.said.slice(-2), ['completed', 'signedOut'], 'the pending wrap-up is completed at the host');
    assert.deepEqual(rig.callLog.wrapUps, [{ callId: call.callId, disposition: null, notes: null }], 'and reported skipped, so its log goes now');
  });

  it('signs out locally when the connector cannot be told', async () => {
    const rig = await signedIn();
    rig.auth.unreachable = true;
    rig.app.actions.signOut();
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.keptSession(), null);
    assert.deepEqual(rig.host.said.slice(-1), ['signedOut']);
  });
});

describe('WidgetApp: placing calls', () => {
  it('resolves a host click with its record, dials the target and tells the host and the call log the record', async () => {
    const rig = await signedIn();
    rig.host.click({ number: '(415) 555-2671 x204', record: MARIA });
    await settle();
    assert.deepEqual(rig.connector.resolved, [{ number: '(415) 555-2671 x204', record: { objectType: 'Contact', id: 'CON-0001' }, purpose: 'dial' }]);
    assert.deepEqual(rig.phone.dialled, [{ sipUri: 'sip:+14155552671@pbx.demo.test;user=phone', extension: '204', display: '+14155552671' }]);
    const call = rig.phone.calls[0]!;
    assert.deepEqual(rig.callLog.tracked, [{ callId: call.callId, record: MARIA }]);
    const outgoing = rig.host.events.find((e) => e.type === 'outgoing');
    assert.deepEqual(outgoing, { type: 'outgoing', call, record: MARIA });
    assert.equal(rig.app.state.calls[0]?.name, 'Maria Gonzalez');
    assert.equal(rig.app.state.focusedCallId, call.callId);
  });

  it('shows the policy’s reason for a refused number and never dials it', async () => {
    const rig = await signedIn();
    rig.app.actions.dial(REFUSED_NUMBER);
    await settle();
    assert.deepEqual(rig.app.state.notice, { tone: 'error', text: `Not called: ${REFUSAL_REASON}` });
    assert.deepEqual(rig.phone.dialled, []);
    assert.ok(!rig.host.said.includes('outgoing'));
  });

  it('shows the connector’s message for a number that cannot be dialled, and never dials it', async () => {
    const rig = await signedIn();
    rig.host.click({ number: UNUSABLE_NUMBER, record: null });
    await settle();
    assert.deepEqual(rig.app.state.notice, { tone: 'error', text: `Cannot call ${UNUSABLE_NUMBER}: ${UNUSABLE_MESSAGE}` });
    assert.deepEqual(rig.phone.dialled, []);
    assert.equal(rig.app.state.resolving, false);
  });

  it('says the phone is not connected instead of dialling before registration', async () => {
    const rig = new WidgetRig();
    rig.phone.startsAs = { state: 'failed', problem: { code: 'server-unreachable', message: 'The SIP server cannot be reached.' } };
    await signedIn(rig);
    rig.app.actions.dial('415 555 2671');
    await settle();
    assert.match(rig.app.state.notice?.text ?? '', /not connected yet: The SIP server cannot be reached\./);
    assert.deepEqual(rig.connector.resolved, []);
  });

  it('logs a typed number to the contact the connector found for it', async () => {
    const rig = new WidgetRig();
    rig.configure = (c) => (c.contacts['+14155552671'] = { objectType: 'Contact', id: 'CON-0001', name: 'Maria Gonzalez', company: 'Acme' });
    await signedIn(rig);
    rig.app.actions.dial('415 555 2671');
    await settle();
    assert.deepEqual(rig.callLog.tracked[0]?.record, MARIA);
  });

  it('dials a number clicked on a Salesforce Case: resolved without the Case, logged to the contact that owns the number', async () => {
    const rig = new WidgetRig();
    rig.configure = (c) => (c.contacts['+14155552671'] = { objectType: 'Contact', id: 'CON-0001', name: 'Maria Gonzalez', company: 'Acme' });
    await signedIn(rig);
    rig.host.click({ number: '415 555 2671', record: { objectType: 'Case', id: '500000000000001', name: 'Broken router' } });
    await settle();
    assert.deepEqual(rig.connector.resolved, [{ number: '415 555 2671', record: null, purpose: 'dial' }]);
    assert.deepEqual(rig.callLog.tracked[0]?.record, MARIA);
  });

  it('dials the user part of a sip: link through the connector, so the call policy still applies', async () => {
    const rig = await signedIn();
    rig.host.click({ number: 'sip:+14155552671@pbx.elsewhere.example', record: null });
    await settle();
    assert.deepEqual(rig.connector.resolved, [{ number: '+14155552671', record: null, purpose: 'dial' }]);
    assert.equal(rig.phone.dialled[0]?.sipUri, 'sip:+14155552671@pbx.demo.test;user=phone');
  });

  it('shows why an outbound call failed and lists it as busy', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    rig.phone.calls[0]!.failed({ cause: 'busy', sipStatus: 486, hungUpBy: 'remote' }, { code: 'busy', message: 'The line is busy. Try again later.' });
    assert.deepEqual(rig.app.state.notice, { tone: 'error', text: 'The line is busy. Try again later.' });
    assert.equal(rig.app.state.recent[0]?.result, 'Busy');
    assert.equal(rig.app.state.recent[0]?.durationS, null);
  });

  it('does not start a second call over one in progress', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    rig.phone.calls[0]!.answered();
    rig.app.actions.dial('415 555 0000');
    await settle();
    assert.equal(rig.phone.dialled.length, 1);
    assert.equal(rig.app.state.notice?.text, 'Hang up or hold the current call first.');
  });

  it('calls back a recent call with the record it was logged to', async () => {
    const rig = await signedIn();
    rig.host.click({ number: '(415) 555-2671', record: MARIA });
    await settle();
    rig.phone.calls[0]!.remoteHangup();
    rig.app.actions.skipWrapUp();
    rig.app.actions.callBack(rig.app.state.recent[0]!.callId);
    await settle();
    assert.deepEqual(rig.connector.resolved[1], { number: '(415) 555-2671', record: { objectType: 'Contact', id: 'CON-0001' }, purpose: 'dial' });
    assert.equal(rig.phone.dialled.length, 2);
  });

  it('hangs up the call on the panel when the host asks', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    rig.host.handlers!.hangup();
    await settle();
    assert.deepEqual(rig.phone.dialled.length, 1);
    assert.equal(rig.app.state.calls.length, 0);
    assert.equal(rig.app.state.recent[0]?.result, 'Cancelled');
  });
});
