import assert from 'node:assert/strict';
import type { Store, WidgetPresence } from '../../../connector/src/store/store.js';
import { callEvents, foldAll } from '../usage-calls.js';
import { describeEachStore } from './store-kinds.js';

const t0 = Date.parse('2026-11-23T12:00:00.000Z');
const report = (agentId: string, widgetId: string, at: number, registration: WidgetPresence['registration'] = 'registered'): WidgetPresence => ({
  agentId, widgetId, registration, host: 'salesforce', at,
});

describeEachStore('widget presence', (open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });

  it('keeps the latest report of each widget and lists those heard from since, by agent then widget', async () => {
    await store.reportPresence(report('maria', 'tab-bbbbbbbb', t0));
    await store.reportPresence(report('maria', 'tab-aaaaaaaa', t0 + 1000, 'connecting'));
    await store.reportPresence(report('li', 'tab-cccccccc', t0 - 90_000));
    await store.reportPresence(report('maria', 'tab-aaaaaaaa', t0 + 2000, 'failed'));
    assert.deepEqual(await store.presenceSince(t0 - 75_000), [
      report('maria', 'tab-aaaaaaaa', t0 + 2000, 'failed'),
      report('maria', 'tab-bbbbbbbb', t0),
    ]);
  });

  it('ignores a report older than the one it holds, as when two cross on the network', async () => {
    await store.reportPresence(report('maria', 'tab-aaaaaaaa', t0 + 1000, 'unregistered'));
    await store.reportPresence(report('maria', 'tab-aaaaaaaa', t0, 'registered'));
    assert.deepEqual(await store.presenceSince(0), [report('maria', 'tab-aaaaaaaa', t0 + 1000, 'unregistered')]);
  });

  it('keeps one agent’s report of a widget apart from another’s with the same widget id: neither replaces the other', async () => {
    await store.reportPresence(report('maria', 'tab-aaaaaaaa', t0, 'registered'));
    // Li's browser sends maria's widget id (a shared computer, or on purpose): maria's widget stays hers.
    await store.reportPresence(report('li', 'tab-aaaaaaaa', t0 + 1000, 'failed'));
    assert.deepEqual(await store.presenceSince(0), [report('li', 'tab-aaaaaaaa', t0 + 1000, 'failed'), report('maria', 'tab-aaaaaaaa', t0, 'registered')]);
    await store.reportPresence(report('maria', 'tab-aaaaaaaa', t0 + 2000, 'unregistered'));
    assert.deepEqual(await store.presenceSince(0), [report('li', 'tab-aaaaaaaa', t0 + 1000, 'failed'), report('maria', 'tab-aaaaaaaa', t0 + 2000, 'unregistered')]);
  });

  it('keeps each agent’s 20 most recently heard widgets, forgetting the oldest, and no other agent’s', async () => {
    const tab = (n: number) => `tab-${String(n).padStart(8, '0')}`;
    await store.reportPresence(report('li', 'tab-li-000001', t0));
    for (let n = 0; n < 20; n++) await store.reportPresence(report('maria', tab(n), t0 + n * 1000));
    // Widget 0 is heard from again, so it is among the newest; then five new widgets push out 1 to 5.
    await store.reportPresence(report('maria', tab(0), t0 + 20_000));
    for (let n = 20; n < 25; n++) await store.reportPresence(report('maria', tab(n), t0 + (n + 1) * 1000));
    const widgets = async (agentId: string) => (await store.presenceSince(0)).filter((p) => p.agentId === agentId).map((p) => p.widgetId);
    assert.deepEqual(await widgets('maria'), [0, ...Array.from({ length: 19 }, (_, i) => i + 6)].map(tab));
    assert.deepEqual(await widgets('li'), ['tab-li-000001']);
  });

  it('keeps the 20 most recently heard of an agent’s widgets also when their reports arrive at once', async () => {
    const tab = (n: number) => `tab-${String(n).padStart(8, '0')}`;
    await Promise.all(Array.from({ length: 60 }, (_, n) => store.reportPresence(report('maria', tab(n), t0 + n * 1000))));
    assert.deepEqual((await store.presenceSince(0)).map((p) => p.widgetId), Array.from({ length: 20 }, (_, i) => tab(i + 40)));
  });

  it('forgets widgets not heard from since, and says how many', async () => {
    await store.reportPresence(report('maria', 'tab-aaaaaaaa', t0));
    await store.reportPresence(report('maria', 'tab-bbbbbbbb', t0 + 10));
    await store.reportPresence(report('li', 'tab-cccccccc', t0 + 20));
    assert.equal(await store.prunePresence(t0 + 20), 2);
    assert.deepEqual((await store.presenceSince(0)).map((p) => p.widgetId), ['tab-cccccccc']);
    assert.equal(await store.prunePresence(t0 + 20), 0);
  });

  it('refuses a registration state it does not know', async () => {
    await assert.rejects(store.reportPresence({ ...report('maria', 'tab-aaaaaaaa', t0), registration: 'sleeping' as WidgetPresence['registration'] }), /check constraint/i);
  });
});

describeEachStore('calls in progress', (open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });

  it('counts calls not ended whose widget was heard from since the cut-off', async () => {
    const plan = { agentId: 'maria', startMs: t0, direction: 'outbound' as const, answerAfterMs: 1000 };
    await store.appendCallEvents(callEvents({ ...plan, callId: 'silent', endAfterMs: null }), t0 - 120_000);
    await store.appendCallEvents(callEvents({ ...plan, callId: 'talking', endAfterMs: null }), t0);
    await store.appendCallEvents(callEvents({ ...plan, callId: 'ringing', answerAfterMs: null, endAfterMs: null }), t0 - 45_000);
    await store.appendCallEvents(callEvents({ ...plan, callId: 'over', endAfterMs: 5000 }), t0);
    assert.equal(await store.countCallsInProgress(t0 - 45_000), 2);
    await foldAll(store, t0);
    assert.equal(await store.countCallsInProgress(t0 - 45_000), 2, 'folding changes nothing');
    assert.equal(await store.countCallsInProgress(t0 + 1), 0);
  });
});
