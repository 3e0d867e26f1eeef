import assert from 'node:assert/strict';
import { PRESENCE_INTERVAL_MS } from '../../../widget/src/app/presence-reporter.js';
import { MARIA_KEY, OLGA_KEY } from './fakes/fake-auth-api.js';
import { signedIn, WidgetRig } from './fakes/widget-rig.js';
import { settle } from './settle.js';

/** The registrations reported so far, in order. */
function reported(rig: WidgetRig): string[] {
  return rig.connectors.flatMap((c) => c.presence.map((p) => p.registration));
}

describe('WidgetApp: presence reports for the admin pages', () => {
  it('reports the phone registered once signed in, then again every 30 s while it stays open', async () => {
    const rig = await signedIn();
    await settle();
    assert.deepEqual(reported(rig), ['registered']);
    const [first] = rig.connector.presence;
    assert.match(first!.widgetId, /^[A-Za-z0-9_-]{16}$/);
    assert.equal(first!.host, 'page');
    await rig.presenceClock.advance(PRESENCE_INTERVAL_MS - 1);
    assert.equal(reported(rig).length, 1, 'not a moment early');
    await rig.presenceClock.advance(1);
    await rig.presenceClock.advance(PRESENCE_INTERVAL_MS);
    assert.deepEqual(reported(rig), ['registered', 'registered', 'registered']);
    assert.equal(new Set(rig.connector.presence.map((p) => p.widgetId)).size, 1, 'one widget, one id');
  });

  it('reports a registration change at once, a reconnecting phone as connecting', async () => {
    const rig = await signedIn();
    rig.phone.setRegistration('reconnecting', null);
    rig.phone.setRegistration('registered', null);
    await settle();
    assert.deepEqual(reported(rig), ['registered', 'connecting', 'registered']);
    assert.deepEqual(rig.presenceClock.pending(), [rig.presenceClock.now() + PRESENCE_INTERVAL_MS], 'the 30 s count restarts: one timer');
  });

  it('says unregistered at sign-out and then stops reporting', async () => {
    const rig = await signedIn();
    await rig.app.actions.signOut();
    await settle();
    assert.deepEqual(reported(rig), ['registered', 'unregistered']);
    assert.deepEqual(rig.presenceClock.pending(), [], 'no report is scheduled after sign-out');
  });

  it('stops reporting when the session ends under it, and starts again when the agent signs back in', async () => {
    const rig = await signedIn();
    rig.connector.refusedWith(rig.keptSession()!.token);
    await settle();
    assert.equal(rig.app.state.session, 'signed-out');
    assert.deepEqual(rig.presenceClock.pending(), [], 'no report is scheduled without a session');
    await rig.presenceClock.advance(5 * PRESENCE_INTERVAL_MS);
    assert.deepEqual(reported(rig), ['registered']);
    rig.app.actions.signInWithKey(MARIA_KEY);
    await settle();
    assert.equal(rig.app.state.session, 'ready');
    assert.deepEqual(reported(rig), ['registered', 'registered'], 'reported at once with the new session');
    assert.equal(rig.presenceClock.pending().length, 1);
  });

  it('stops when another agent signs in on the same widget, and reports for the new agent', async () => {
    const rig = await signedIn();
    await rig.app.actions.signOut();
    rig.app.actions.signInWithKey(OLGA_KEY);
    await settle();
    const last = rig.connectors.at(-1)!;
    assert.notEqual(last.agentId, rig.connectors[0]!.agentId);
    assert.deepEqual(last.presence.map((p) => p.registration), ['registered']);
    assert.equal(rig.presenceClock.pending().length, 1, 'one timer, for the agent signed in now');
  });

  it('two widgets of one agent report under different ids', async () => {
    const one = await signedIn();
    const two = await signedIn(new WidgetRig());
    await settle();
    assert.notEqual(one.connector.presence[0]!.widgetId, two.connector.presence[0]!.widgetId);
    assert.equal(one.connector.agentId, two.connector.agentId);
  });
});
