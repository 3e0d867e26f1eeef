import assert from 'node:assert/strict';
import { ConnectorError } from '../../../widget/src/connector/connector-api.js';
import { FakeClock } from '../support/fake-clock.js';
import { MARIA_KEY, OLGA_KEY } from './fakes/fake-auth-api.js';
import { SETTINGS } from './fakes/fake-connector-api.js';
import { signedIn, WidgetRig } from './fakes/widget-rig.js';
import { settle } from './settle.js';

const MINUTE = 60_000;
const ENDED = 'Your session ended; sign in again.';

function clockedRig(): { rig: WidgetRig; clock: FakeClock } {
  const clock = new FakeClock();
  const rig = new WidgetRig({ timers: clock.timers, now: clock.now });
  rig.auth.now = clock.now;
  return { rig, clock };
}

describe('WidgetApp: the session while the widget is open', () => {
  it('refreshes the token at two thirds of its life, and every later request carries the new one', async () => {
    const { rig, clock } = clockedRig();
    await signedIn(rig);
    const first = rig.keptSession()!;
    assert.deepEqual(clock.pending(), [clock.now() + 10 * MINUTE], 'a 15-minute token is refreshed after 10 minutes');
    await clock.advance(10 * MINUTE - 1);
    assert.ok(!rig.auth.asked.some((a) => a.startsWith('refresh')), 'not a moment early');
    await clock.advance(1);
    assert.deepEqual(rig.auth.asked.filter((a) => a.startsWith('refresh')), [`refresh ${first.token}`]);
    const second = rig.keptSession()!;
    assert.notEqual(second.token, first.token);
    assert.equal(second.refreshUntil, first.refreshUntil, 'the same sign-in: its maximum age does not move');
    rig.app.actions.dial('415 555 2671');
    await settle();
    assert.equal(rig.connector.tokens.at(-1), second.token);
    assert.equal(rig.app.state.session, 'ready');
  });

  it('stops refreshing at the session’s maximum age and signs out when the last token expires', async () => {
    const { rig, clock } = clockedRig();
    rig.auth.maxAgeMs = 20 * MINUTE;
    await signedIn(rig);
    const start = clock.now();
    await clock.advance(10 * MINUTE);
    assert.deepEqual(clock.pending(), [start + 20 * MINUTE - 5000], 'the last refresh comes just before the maximum age');
    await clock.advance(10 * MINUTE - 5000);
    const last = rig.keptSession()!;
    assert.equal(rig.auth.asked.filter((a) => a.startsWith('refresh')).length, 2);
    assert.deepEqual(clock.pending(), [last.expiresAt], 'no refresh is left: only the end');
    await clock.advance(last.expiresAt - clock.now());
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.sessionMessage, ENDED);
    assert.equal(rig.keptSession(), null);
    assert.equal(rig.auth.asked.filter((a) => a.startsWith('refresh')).length, 2);
  });

  it('tries a refresh that got no answer again while the token is still good', async () => {
    const { rig, clock } = clockedRig();
    await signedIn(rig);
    rig.auth.unreachable = true;
    await clock.advance(10 * MINUTE);
    assert.equal(rig.app.state.session, 'ready');
    assert.deepEqual(clock.pending(), [clock.now() + 30_000], 'a third of the 5 minutes left, capped at 30 s');
    rig.auth.unreachable = false;
    await clock.advance(30_000);
    assert.equal(rig.auth.asked.filter((a) => a.startsWith('refresh')).length, 2);
    assert.equal(rig.app.state.session, 'ready');
    assert.equal(rig.keptSession()!.expiresAt, clock.now() + 15 * MINUTE);
  });

  it('signs out with a message when the connector refuses the refresh (the admin ended the session)', async () => {
    const { rig, clock } = clockedRig();
    await signedIn(rig);
    rig.auth.endSessions('maria');
    await clock.advance(10 * MINUTE);
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.sessionMessage, ENDED);
    assert.deepEqual(clock.pending(), [], 'nothing more is scheduled');
    assert.deepEqual(rig.host.said.slice(-1), ['signedOut']);
  });

  it('goes to the sign-in screen when any request is refused as signed out, with the reason', async () => {
    const rig = await signedIn();
    rig.auth.endSessions('maria');
    rig.app.actions.dial('415 555 2671');
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.sessionMessage, ENDED);
    assert.equal(rig.app.state.agentName, null);
    assert.equal(rig.keptSession(), null);
    assert.deepEqual(rig.phone.dialled, []);
  });

  it('shows the connector’s words when the agent was disabled', async () => {
    const rig = await signedIn();
    const token = rig.keptSession()!.token;
    rig.connector.refusedWith(token, new ConnectorError(403, 'AGENT_DISABLED', 'Your agent account is disabled; ask your admin.'));
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.sessionMessage, 'Your agent account is disabled; ask your admin.');
  });

  it('ignores a refusal of a token a refresh already replaced', async () => {
    const { rig, clock } = clockedRig();
    await signedIn(rig);
    const old = rig.keptSession()!.token;
    await clock.advance(10 * MINUTE);
    rig.connector.refusedWith(old);
    await settle();
    assert.equal(rig.app.state.session, 'ready');
  });

  it('keeps a call up when the session ends, and the same agent signing in again takes it back', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    call.answered();
    rig.auth.endSessions('maria');
    rig.connector.refusedWith(rig.connector.tokens.at(-1)!);
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.equal(rig.app.state.sessionMessage, ENDED);
    assert.deepEqual(call.controls, [], 'the call was not hung up');
    assert.equal(rig.phone.stopped, 0, 'the phone keeps its registration');
    assert.equal(rig.app.state.calls[0]?.callId, call.callId);
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    assert.equal(rig.connectors.length, 1, 'the same client and its queue');
    assert.equal(rig.connector.resumed, 1, 'the events that waited go now');
    assert.equal(rig.phone.started, 1, 'no second phone');
    assert.equal(rig.app.state.calls[0]?.callId, call.callId);
    assert.equal(rig.app.state.registration, 'registered');
  });

  it('hangs up the first agent’s call when another agent signs in, and never hands the second agent the first one’s client', async () => {
    const rig = await signedIn();
    rig.app.actions.dial('415 555 2671');
    await settle();
    const call = rig.phone.calls[0]!;
    call.answered();
    rig.auth.endSessions('maria');
    rig.connector.refusedWith(rig.connector.tokens.at(-1)!);
    await settle();
    const maria = rig.connector;
    rig.app.actions.signInWithKey(OLGA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    assert.equal(rig.app.state.agentName, 'Olga Petrova');
    assert.deepEqual(call.controls, ['hangup']);
    assert.equal(maria.stopped, 1, 'the first agent’s client stops; its queue stays stored');
    assert.equal(rig.connector.agentId, 'olga');
    assert.notEqual(rig.connector, maria);
    assert.equal(rig.app.state.calls.length, 0);
    assert.deepEqual(rig.app.state.recent, [], 'the first agent’s recent calls are not shown to the second');
  });

  it('renews time-limited SIP credentials when a refresh finds them close to expiry', async () => {
    const { rig, clock } = clockedRig();
    const expireAt = (ms: number) => new Date(clock.now() + ms).toISOString();
    rig.configure = (c) => (c.settingsAnswer = { ...SETTINGS, sip: { ...SETTINGS.sip!, authorizationUsername: 'u1', credentialsExpireAt: expireAt(12 * MINUTE) } });
    await signedIn(rig);
    rig.connector.settingsAnswer = { ...SETTINGS, sip: { ...SETTINGS.sip!, authorizationUsername: 'u2', authorizationPassword: 'p2', credentialsExpireAt: expireAt(60 * MINUTE) } };
    await clock.advance(10 * MINUTE);
    assert.deepEqual(rig.phone.credentials, ['u2/p2']);
    await clock.advance(10 * MINUTE);
    assert.deepEqual(rig.phone.credentials, ['u2/p2'], 'credentials good for another 40 minutes are not asked for');
  });

  it('leaves long-lived SIP passwords alone at a refresh', async () => {
    const { rig, clock } = clockedRig();
    await signedIn(rig);
    const asked = rig.connector.tokens.length;
    await clock.advance(10 * MINUTE);
    assert.equal(rig.connector.tokens.length, asked, 'no settings asked again');
    assert.deepEqual(rig.phone.credentials, []);
  });

  it('does not end a new sign-in of the same agent with the sign-out that was still sending its events', async () => {
    const rig = await signedIn(new WidgetRig());
    let release = (): void => undefined;
    rig.connector.drainGate = new Promise<void>((resolve) => (release = resolve));
    rig.app.actions.signOut();
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    release();
    for (let i = 0; i < 5; i++) await settle();
    assert.ok(!rig.auth.asked.some((a) => a.startsWith('sign-out')), 'the connector was not told to end the agent’s sessions');
    assert.equal(rig.host.said.at(-1), 'signedIn', 'the host last heard the new sign-in');
    rig.app.actions.dial('415 555 2671');
    await settle();
    assert.equal(rig.app.state.session, 'ready', 'the new session still works');
  });
});
