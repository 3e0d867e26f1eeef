import assert from 'node:assert/strict';
import type { WidgetCallEvent } from '../../../widget/src/connector/connector-api.js';
import type { ConnectorError } from '../../../widget/src/connector/connector-api.js';
import { HttpConnectorApi } from '../../../widget/src/connector/http-connector-api.js';
import { answeredEvent, FAST_RETRY, flakyFetch, MemoryStorage, startConnector, storedIds, TOKEN, type LiveConnector } from './connector-kit.js';

const KEY = 'test:events';

describe('HttpConnectorApi: call events against the real connector', () => {
  let connector: LiveConnector;
  const clients: HttpConnectorApi[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.stop();
    await connector?.close();
  });

  function client(options: Partial<ConstructorParameters<typeof HttpConnectorApi>[0]> = {}): HttpConnectorApi {
    const api = new HttpConnectorApi({ baseUrl: connector.baseUrl, token: () => TOKEN, storage: new MemoryStorage(), storageKey: KEY, retry: FAST_RETRY, sendBeacon: null, ...options });
    clients.push(api);
    return api;
  }

  it('keeps events through an outage (network errors, 503, 500) and delivers each exactly once, in order', async () => {
    connector = await startConnector();
    const { fetch, exchanges } = flakyFetch(['network', { status: 503 }, 'network', { status: 500, body: '{"error":{"code":"INTERNAL","message":"x"}}' }]);
    const api = client({ fetch });
    const events = [answeredEvent('out-1'), answeredEvent('out-1'), answeredEvent('out-2')];
    for (const e of events) api.report(e);
    await api.drain();
    assert.deepEqual(exchanges.map((x) => x.status), ['network error', 503, 'network error', 500, 202]);
    assert.deepEqual(exchanges.map((x) => x.events), [3, 3, 3, 3, 3], 'one batch, resent whole each time');
    assert.deepEqual(exchanges.at(-1)!.body, { accepted: 3, duplicates: 0 });
    assert.deepEqual(await storedIds(connector.store, 'out-1'), [events[0]!.eventId, events[1]!.eventId].sort());
    assert.deepEqual(await storedIds(connector.store, 'out-2'), [events[2]!.eventId]);
  });

  it('sends at most 200 events a request, oldest first', async () => {
    connector = await startConnector();
    const { fetch, exchanges } = flakyFetch();
    const api = client({ fetch });
    const events = Array.from({ length: 450 }, () => answeredEvent('many'));
    for (const e of events) api.report(e);
    await api.drain();
    assert.deepEqual(exchanges.map((x) => [x.status, x.events]), [[202, 200], [202, 200], [202, 50]]);
    assert.equal((await storedIds(connector.store, 'many')).length, 450);
  });

  it('drops only the event the connector refused as invalid, tells onDropped, and delivers the rest', async () => {
    connector = await startConnector();
    const dropped: [readonly WidgetCallEvent[], ConnectorError][] = [];
    const { fetch, exchanges } = flakyFetch();
    const api = client({ fetch, onDropped: (events, error) => dropped.push([events, error]) });
    const good = [answeredEvent('mixed'), answeredEvent('mixed')];
    const bad = answeredEvent('mixed', { occurredAt: 'yesterday' });
    api.report(good[0]!);
    api.report(bad);
    api.report(good[1]!);
    await api.drain();
    assert.deepEqual(exchanges.map((x) => [x.status, x.events]), [[400, 3], [202, 2]]);
    assert.equal(dropped.length, 1);
    assert.deepEqual(dropped[0]![0], [bad]);
    assert.equal(dropped[0]![1].status, 400);
    assert.equal(dropped[0]![1].code, 'VALIDATION_FAILED');
    assert.match(dropped[0]![1].message, /^body\.events\.1\.occurredAt must be an ISO 8601 time/);
    assert.deepEqual(await storedIds(connector.store, 'mixed'), good.map((e) => e.eventId).sort());
  });

  it('sends a batch too large for the connector (413) one event at a time', async () => {
    connector = await startConnector({ bodyLimitBytes: 2048 });
    const { fetch, exchanges } = flakyFetch();
    const api = client({ fetch, onDropped: () => assert.fail('nothing is invalid') });
    const events = Array.from({ length: 30 }, () => answeredEvent('big'));
    for (const e of events) api.report(e);
    await api.drain();
    assert.deepEqual(exchanges[0]!.status, 413);
    assert.deepEqual(exchanges.slice(1).map((x) => [x.status, x.events]), events.map(() => [202, 1]));
    assert.equal((await storedIds(connector.store, 'big')).length, 30);
  });

  it('keeps the queue in storage: a new client (a reloaded page) sends what the last one could not', async () => {
    connector = await startConnector();
    const storage = new MemoryStorage();
    const down = flakyFetch(Array.from({ length: 1000 }, () => 'network' as const));
    const before = client({ fetch: down.fetch, storage });
    const events = [answeredEvent('reload'), answeredEvent('reload')];
    for (const e of events) before.report(e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    before.stop();
    assert.ok(down.exchanges.length >= 1, 'the first client tried');
    assert.deepEqual(JSON.parse(storage.getItem(KEY)!), events);

    const up = flakyFetch();
    const after = client({ fetch: up.fetch, storage });
    await after.drain();
    assert.deepEqual(up.exchanges.map((x) => [x.status, x.events]), [[202, 2]], 'sent at start, without a new report');
    assert.deepEqual(await storedIds(connector.store, 'reload'), events.map((e) => e.eventId).sort());
    assert.equal(storage.getItem(KEY), null, 'nothing left queued');
  });

  it('lets a new client on the same stored queue take over, so two never overwrite each other’s copy', async () => {
    connector = await startConnector();
    const storage = new MemoryStorage();
    const down = flakyFetch(Array.from({ length: 1000 }, () => 'network' as const));
    const first = client({ fetch: down.fetch, storage });
    const event = answeredEvent('takeover');
    first.report(event);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const up = flakyFetch();
    const second = client({ fetch: up.fetch, storage });
    const triedBefore = down.exchanges.length;
    await second.drain();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(down.exchanges.length, triedBefore, 'the first client stopped');
    assert.deepEqual(await storedIds(connector.store, 'takeover'), [event.eventId]);
    assert.equal(storage.getItem(KEY), null);
  });

  it('waits while there is no token, then sends', async () => {
    connector = await startConnector();
    let token: string | null = null;
    const { fetch, exchanges } = flakyFetch();
    const api = client({ fetch, token: () => token });
    const event = answeredEvent('later');
    api.report(event);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(exchanges, []);
    token = TOKEN;
    await api.drain();
    assert.deepEqual(await storedIds(connector.store, 'later'), [event.eventId]);
  });

  it('keeps events a 401 refused (a token the connector no longer takes) and retries them', async () => {
    connector = await startConnector();
    const { fetch, exchanges } = flakyFetch();
    let token = 'revoked-token-0123456789';
    const api = client({ fetch, token: () => token, onDropped: () => assert.fail('a refused token drops nothing') });
    api.report(answeredEvent('auth'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.ok(exchanges.length >= 2 && exchanges.every((x) => x.status === 401), `retried: ${exchanges.map((x) => x.status).join(',')}`);
    token = TOKEN;
    await api.drain();
    assert.equal((await storedIds(connector.store, 'auth')).length, 1);
  });
});
