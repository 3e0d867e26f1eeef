import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../../connector/src/secrets/secret-box.js';
import { AgentSipAccounts } from '../../../connector/src/services/agent-sip-accounts.js';
import { DEFAULT_SOFTPHONE_SETTINGS } from '../../../connector/src/services/softphone-settings.js';
import { ConnectorError } from '../../../widget/src/connector/connector-api.js';
import { ConnectorUnreachableError } from '../../../widget/src/connector/connector-unreachable-error.js';
import { eventQueueKey, HttpConnectorApi } from '../../../widget/src/connector/http-connector-api.js';
import { flakyFetch, startConnector, TOKEN, type LiveConnector } from './connector-kit.js';

describe('HttpConnectorApi: settings, resolve and lookup against the real connector', () => {
  let connector: LiveConnector;
  const clients: HttpConnectorApi[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.stop();
    await connector?.close();
  });

  function client(options: Partial<ConstructorParameters<typeof HttpConnectorApi>[0]> = {}): HttpConnectorApi {
    const api = new HttpConnectorApi({ baseUrl: connector.baseUrl, token: () => TOKEN, storage: null, storageKey: 'k', sendBeacon: null, ...options });
    clients.push(api);
    return api;
  }

  it("fetches the agent's settings with its SIP account", async () => {
    const box = new SecretBox(randomBytes(32));
    const softphone = { ...DEFAULT_SOFTPHONE_SETTINGS, sipDomain: 'pbx.example.test', wsServer: 'wss://sip.example.test' };
    connector = await startConnector({ secretBox: box, softphone });
    await new AgentSipAccounts({ store: connector.store, box, softphone }).put('maria', {
      kind: 'password',
      username: '1001',
      password: 'maria-sip-pw',
      authUser: null,
      domain: null,
      wsServer: null,
      displayName: 'Maria',
    });
    assert.deepEqual(await client().settings(), {
      agent: { id: 'maria', name: 'Maria' },
      sip: {
        aor: 'sip:1001@pbx.example.test',
        authorizationUsername: '1001',
        authorizationPassword: 'maria-sip-pw',
        wsServer: 'wss://sip.example.test',
        displayName: 'Maria',
        callerId: null,
        iceServers: [],
      },
      heartbeatIntervalS: 30,
      dispositions: ['Connected', 'Left voicemail', 'No answer', 'Wrong number', 'Call back later', 'Not interested'],
    });
  });

  it('reports its presence, which the connector keeps for the admin pages, and rejects a malformed report', async () => {
    connector = await startConnector();
    const sent: { url: string; keepalive: boolean | undefined }[] = [];
    const api = client({
      fetch: (url, init) => {
        sent.push({ url, keepalive: init.keepalive });
        return fetch(url, init);
      },
    });
    await api.reportPresence({ widgetId: 'tab-0123456789abcd', registration: 'registered', host: 'salesforce' });
    const presence = await connector.store.presenceSince(0);
    assert.deepEqual(
      presence.map((p) => [p.agentId, p.widgetId, p.registration, p.host]),
      [['maria', 'tab-0123456789abcd', 'registered', 'salesforce']],
    );
    assert.deepEqual(
      sent.map((r) => [r.url.replace(connector.baseUrl, ''), r.keepalive]),
      [['/api/v1/agent/presence', true]],
      'sent with keepalive, so the last report still goes as the page closes',
    );
    await assert.rejects(api.reportPresence({ widgetId: 'x', registration: 'registered', host: 'page' }), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.deepEqual([error.status, error.code], [400, 'VALIDATION_FAILED']);
      return true;
    });
  });

  it("rejects with the connector's own error for a token it does not know, and says the session was refused", async () => {
    connector = await startConnector();
    const refused: [string, string | null][] = [];
    const api = client({ token: () => 'nobody-holds-this-token-000', onAuthRefused: (error, token) => refused.push([error.code, token]) });
    await assert.rejects(api.settings(), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.deepEqual([error.status, error.code], [401, 'UNAUTHENTICATED']);
      assert.ok(error.message.length > 0);
      return true;
    });
    assert.deepEqual(refused, [['UNAUTHENTICATED', 'nobody-holds-this-token-000']]);
  });

  it('resolves a number for the record it was clicked on, and refuses one that cannot be dialled', async () => {
    connector = await startConnector();
    const api = client();
    const resolution = await api.resolve({ number: '020 7946 0958', record: { objectType: 'Contact', id: 'CON-0002' }, purpose: 'display' });
    assert.equal(resolution.e164, '+442079460958');
    assert.equal(resolution.sipUri, 'sip:+442079460958@pbx.example.test;user=phone');
    assert.deepEqual(resolution.contact, { id: 'CON-0002', objectType: 'Contact', name: 'Oliver Bennett', company: 'Thames Analytics' });
    assert.deepEqual(resolution.policy, { allowed: true });
    await assert.rejects(api.resolve({ number: 'call me maybe', record: null, purpose: 'dial' }), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.status, 422);
      assert.equal(error.code, 'NUMBER_UNUSABLE');
      return true;
    });
  });

  it("looks up a caller's number, sending it URL-encoded", async () => {
    connector = await startConnector();
    const found = await client().lookup('+1 650-253-0000');
    assert.equal(found.e164, '+16502530000');
    assert.deepEqual(found.matches.map((m) => [m.objectType, m.id, m.name]), [['Contact', 'CON-0001', 'Maria Gonzalez']]);
  });

  it('says the connector cannot be reached when nothing answers', async () => {
    connector = await startConnector();
    const api = client({ fetch: flakyFetch(['network']).fetch });
    await assert.rejects(api.settings(), (error: unknown) => {
      assert.ok(error instanceof ConnectorUnreachableError);
      assert.equal(error.message, 'The connector cannot be reached; check the network connection and try again.');
      return true;
    });
  });

  it('gives up on an answer that does not come in time', async () => {
    connector = await startConnector();
    const hanging = (_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    await assert.rejects(client({ fetch: hanging, requestTimeoutMs: 20 }).lookup('+14155552671'), ConnectorUnreachableError);
  });

  it('explains an answer that is not the connector’s (a proxy page, a wrong address)', async () => {
    connector = await startConnector();
    const proxy = flakyFetch([{ status: 502, body: '<html>Bad Gateway</html>' }]);
    await assert.rejects(client({ fetch: proxy.fetch }).settings(), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.deepEqual([error.status, error.code], [502, 'HTTP_502']);
      assert.match(error.message, /^The connector answered 502.*; check the connector address, or try again later\.$/);
      return true;
    });
  });
});

describe('eventQueueKey', () => {
  it('keeps each agent’s queue apart, and the same across its sessions (tokens change at every refresh)', () => {
    const maria = eventQueueKey('clicktocall:https://cti.example.com', 'maria');
    assert.equal(maria, 'clicktocall:https://cti.example.com:events:maria');
    assert.notEqual(maria, eventQueueKey('clicktocall:https://cti.example.com', 'olga'));
    assert.notEqual(eventQueueKey('p', 'a:b'), eventQueueKey('p:a', 'b'), 'an id cannot reach into another prefix');
  });
});
