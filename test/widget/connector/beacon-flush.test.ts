import assert from 'node:assert/strict';
import { beaconBodies, BEACON_BODY_LIMIT_BYTES } from '../../../widget/src/connector/beacon-bodies.js';
import type { WidgetCallEvent } from '../../../widget/src/connector/connector-api.js';
import { HttpConnectorApi } from '../../../widget/src/connector/http-connector-api.js';
import { answeredEvent, flakyFetch, MemoryStorage, startConnector, storedIds, TOKEN, wrapupEvent, type LiveConnector } from './connector-kit.js';

const KEY = 'test:events';

describe('HttpConnectorApi.flushWithBeacon against the real connector', () => {
  let connector: LiveConnector;
  afterEach(() => connector?.close());

  /** Stands in for `navigator.sendBeacon(url, string)`: a text/plain POST whose answer nobody reads. */
  function beaconTo(sent: { url: string; body: string; status?: number }[], accept = () => true) {
    return (url: string, body: string) => {
      if (!accept()) return false;
      const entry: { url: string; body: string; status?: number } = { url, body };
      sent.push(entry);
      void fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body }).then((r) => (entry.status = r.status));
      return true;
    };
  }

  async function settled(sent: { status?: number }[]): Promise<void> {
    for (let i = 0; i < 200 && sent.some((s) => s.status === undefined); i += 1) await new Promise((r) => setTimeout(r, 10));
  }

  it('sends the queue as text/plain with the token in the body, which the connector stores, and keeps it queued', async () => {
    connector = await startConnector();
    const storage = new MemoryStorage();
    const down = flakyFetch(Array.from({ length: 1000 }, () => 'network' as const));
    const sent: { url: string; body: string; status?: number }[] = [];
    const api = new HttpConnectorApi({ baseUrl: `${connector.baseUrl}/`, token: () => TOKEN, storage, storageKey: KEY, fetch: down.fetch, retry: { baseMs: 1000, maxMs: 1000 }, sendBeacon: beaconTo(sent) });
    const events = [answeredEvent('gone'), wrapupEvent('gone', 'Call back Tuesday')];
    for (const e of events) api.report(e);
    api.flushWithBeacon();
    api.stop();
    await settled(sent);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.url, `${connector.baseUrl}/api/v1/calls/events/beacon`);
    assert.deepEqual(JSON.parse(sent[0]!.body), { token: TOKEN, events });
    assert.equal(sent[0]!.status, 202);
    assert.deepEqual(await storedIds(connector.store, 'gone'), events.map((e) => e.eventId).sort());
    assert.deepEqual(JSON.parse(storage.getItem(KEY)!), events, 'kept in case the beacon was lost');

    // The next page load sends them again; the connector counts them as duplicates and the queue empties.
    const up = flakyFetch();
    const next = new HttpConnectorApi({ baseUrl: connector.baseUrl, token: () => TOKEN, storage, storageKey: KEY, fetch: up.fetch, sendBeacon: null });
    await next.drain();
    assert.deepEqual(up.exchanges.map((x) => x.body), [{ accepted: 0, duplicates: 2 }]);
    assert.equal(storage.getItem(KEY), null);
  });

  it('splits a large queue into beacons under 64 KiB, all of which the connector takes', async () => {
    connector = await startConnector({ bodyLimitBytes: 100 * 1024 });
    const events = Array.from({ length: 12 }, (_, i) => wrapupEvent('long', `${i}: ${'é'.repeat(9000)}`));
    const sent: { url: string; body: string; status?: number }[] = [];
    const api = new HttpConnectorApi({ baseUrl: connector.baseUrl, token: () => TOKEN, storage: null, storageKey: KEY, fetch: flakyFetch(Array(99).fill('network')).fetch, retry: { baseMs: 1000, maxMs: 1000 }, sendBeacon: beaconTo(sent) });
    for (const e of events) api.report(e);
    api.flushWithBeacon();
    await settled(sent);
    assert.ok(sent.length > 1, `${sent.length} beacons`);
    for (const s of sent) {
      assert.ok(Buffer.byteLength(s.body) <= BEACON_BODY_LIMIT_BYTES, `${Buffer.byteLength(s.body)} bytes`);
      assert.equal(s.status, 202);
    }
    assert.deepEqual(sent.flatMap((s) => (JSON.parse(s.body) as { events: WidgetCallEvent[] }).events), events, 'all, in order');
    assert.equal((await storedIds(connector.store, 'long')).length, 12);

    api.stop();
  });

  it('stops at the first beacon the browser refuses (its 64 KiB in flight are used up)', async () => {
    connector = await startConnector();
    const sent: { url: string; body: string; status?: number }[] = [];
    let accepted = 1;
    const api = new HttpConnectorApi({ baseUrl: connector.baseUrl, token: () => TOKEN, storage: null, storageKey: KEY, fetch: flakyFetch(Array(99).fill('network')).fetch, retry: { baseMs: 1000, maxMs: 1000 }, sendBeacon: beaconTo(sent, () => accepted-- > 0) });
    for (let i = 0; i < 3; i += 1) api.report(wrapupEvent('refused', 'x'.repeat(40_000)));
    api.flushWithBeacon();
    api.stop();
    await settled(sent);
    assert.equal(sent.length, 1);
    assert.equal(accepted, -1, 'asked twice: the second was refused, the third never asked');
  });

  it('sends nothing without a token (signed out)', () => {
    const calls: string[] = [];
    const beacon = (url: string) => (calls.push(url), true);
    const storage = new MemoryStorage();
    const noToken = new HttpConnectorApi({ baseUrl: 'http://127.0.0.1:9', token: () => null, storage, storageKey: KEY, sendBeacon: beacon });
    noToken.report(answeredEvent('x'));
    noToken.flushWithBeacon();
    noToken.stop();
    assert.deepEqual(calls, []);
    assert.equal(JSON.parse(storage.getItem(KEY)!).length, 1, 'the event waits in storage');
  });
});

describe('beaconBodies', () => {
  const events = Array.from({ length: 450 }, () => answeredEvent('b'));

  it('puts at most 200 events in a body, in order, as the beacon route takes them', () => {
    const bodies = beaconBodies('tok', events).map((b) => JSON.parse(b) as { token: string; events: WidgetCallEvent[] });
    assert.deepEqual(bodies.map((b) => b.events.length), [200, 200, 50]);
    assert.deepEqual(bodies.flatMap((b) => b.events), events);
    assert.ok(bodies.every((b) => b.token === 'tok'));
  });

  it('counts bytes, not characters, and leaves out an event too big for any beacon', () => {
    const huge = wrapupEvent('b', 'ü'.repeat(40_000));
    const small = answeredEvent('b');
    const bodies = beaconBodies('tok', [small, huge, small], 60_000);
    assert.deepEqual(bodies.map((b) => (JSON.parse(b) as { events: WidgetCallEvent[] }).events), [[small, small]]);
    assert.deepEqual(beaconBodies('tok', []), []);
  });
});
