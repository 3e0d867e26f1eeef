import assert from 'node:assert/strict';
import type { WidgetCallEvent } from '../../../widget/src/connector/connector-api.js';
import type { FetchLike } from '../../../widget/src/connector/connector-ports.js';
import { eventQueueKey, HttpConnectorApi } from '../../../widget/src/connector/http-connector-api.js';
import { MemoryStorage } from '../support/memory-storage.js';

const PREFIX = 'clicktocall:https://cti.example.com';

/** What the connector saw of one request: the path, the bearer token, the JSON body. */
interface Seen {
  readonly path: string;
  readonly token: string | null;
  readonly body: { events?: WidgetCallEvent[]; purpose?: string } | null;
}

/** A connector that takes the tokens in `live` (token -> agent) and records every request. */
function fakeConnector() {
  const live = new Map<string, string>();
  const seen: Seen[] = [];
  const fetch: FetchLike = async (url, init) => {
    const auth = (init.headers as Record<string, string>)['Authorization'] ?? null;
    const token = auth?.replace(/^Bearer /, '') ?? null;
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Seen['body']) : null;
    seen.push({ path: new URL(url).pathname, token, body });
    if (token === null || !live.has(token)) {
      return Response.json({ error: { code: 'SESSION_EXPIRED', message: 'Your session has ended; sign in again.' } }, { status: 401 });
    }
    if (url.endsWith('/api/v1/calls/events')) return new Response(null, { status: 202 });
    return Response.json({ kind: 'pstn', e164: '+14155552671', sipUri: 'sip:+14155552671@pbx', extension: null, display: '+1 415 555 2671', country: 'US', contact: null, policy: { allowed: true } });
  };
  return { live, seen, fetch };
}

let n = 0;
function event(callId: string): WidgetCallEvent {
  return { eventId: `e-${++n}`, callId, occurredAt: new Date().toISOString(), type: 'answered' };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HttpConnectorApi: the session every request carries', () => {
  const clients: HttpConnectorApi[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.stop()));

  function client(args: { agentId: string; token: () => string | null; storage: MemoryStorage; fetch: FetchLike; onAuthRefused?: (code: string, token: string | null) => void }) {
    const api = new HttpConnectorApi({
      baseUrl: 'https://cti.example.com',
      token: args.token,
      storage: args.storage,
      storageKey: eventQueueKey(PREFIX, args.agentId),
      fetch: args.fetch,
      sendBeacon: null,
      retry: { baseMs: 5, maxMs: 20 },
      onAuthRefused: (error, token) => args.onAuthRefused?.(error.code, token),
    });
    clients.push(api);
    return api;
  }

  it('reads the token at each request, so a refreshed token is used at once, and says why a number is resolved', async () => {
    const connector = fakeConnector();
    let token = 'maria-1';
    connector.live.set('maria-1', 'maria').set('maria-2', 'maria');
    const api = client({ agentId: 'maria', token: () => token, storage: new MemoryStorage(), fetch: connector.fetch });
    await api.resolve({ number: '415 555 2671', record: null, purpose: 'dial' });
    token = 'maria-2';
    await api.resolve({ number: '415 555 2671', record: null, purpose: 'display' });
    assert.deepEqual(
      connector.seen.map((s) => [s.token, s.body?.purpose]),
      [
        ['maria-1', 'dial'],
        ['maria-2', 'display'],
      ],
    );
  });

  it('tells who keeps the session when the events route refuses it, and keeps the events', async () => {
    const connector = fakeConnector();
    const refused: [string, string | null][] = [];
    const storage = new MemoryStorage();
    const api = client({ agentId: 'maria', token: () => 'maria-ended', storage, fetch: connector.fetch, onAuthRefused: (code, token) => refused.push([code, token]) });
    api.report(event('c1'));
    await wait(30);
    assert.deepEqual(refused[0], ['SESSION_EXPIRED', 'maria-ended']);
    assert.equal(JSON.parse(storage.getItem(eventQueueKey(PREFIX, 'maria'))!).length, 1, 'the event is still queued');
  });

  it('holds one agent’s events while it is signed out, never sends them with another agent’s session, and sends them with its next one', async () => {
    const connector = fakeConnector();
    const storage = new MemoryStorage();
    let mariaToken: string | null = null;
    const maria = client({ agentId: 'maria', token: () => mariaToken, storage, fetch: connector.fetch });
    const queued = event('maria-call');
    maria.report(queued);
    await wait(30);
    assert.equal(connector.seen.length, 0, 'nothing goes without a session');
    maria.stop();

    connector.live.set('olga-1', 'olga');
    const olga = client({ agentId: 'olga', token: () => 'olga-1', storage, fetch: connector.fetch });
    olga.report(event('olga-call'));
    await olga.drain();
    assert.deepEqual(connector.seen.flatMap((s) => s.body?.events?.map((e) => [s.token, e.callId]) ?? []), [['olga-1', 'olga-call']]);

    connector.live.set('maria-2', 'maria');
    mariaToken = 'maria-2';
    const again = client({ agentId: 'maria', token: () => mariaToken, storage, fetch: connector.fetch });
    await again.drain();
    assert.deepEqual(connector.seen.at(-1)?.body?.events?.map((e) => e.eventId), [queued.eventId]);
    assert.equal(connector.seen.at(-1)?.token, 'maria-2');
  });

  it('sends what waited for a session as soon as the agent is back, not at the next retry', async () => {
    const connector = fakeConnector();
    let token: string | null = null;
    const api = new HttpConnectorApi({
      baseUrl: 'https://cti.example.com',
      token: () => token,
      storage: new MemoryStorage(),
      storageKey: eventQueueKey(PREFIX, 'maria'),
      fetch: connector.fetch,
      sendBeacon: null,
      retry: { baseMs: 60_000, maxMs: 60_000 },
    });
    clients.push(api);
    api.report(event('c1'));
    await wait(20);
    connector.live.set('maria-3', 'maria');
    token = 'maria-3';
    api.resume();
    await wait(20);
    assert.deepEqual(connector.seen.map((s) => [s.path, s.token]), [['/api/v1/calls/events', 'maria-3']]);
  });
});
