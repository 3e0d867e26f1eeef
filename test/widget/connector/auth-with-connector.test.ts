import assert from 'node:assert/strict';
import { ConnectorError } from '../../../widget/src/connector/connector-api.js';
import { HttpAuthApi } from '../../../widget/src/connector/http-auth-api.js';
import { HttpConnectorApi } from '../../../widget/src/connector/http-connector-api.js';
import { SIGN_IN, startConnector, type LiveConnector } from './connector-kit.js';

describe('HttpAuthApi against the real connector', () => {
  let connector: LiveConnector;
  const clients: HttpConnectorApi[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.stop();
    await connector?.close();
  });

  it('signs in with the sign-in key, refreshes, and signs out, after which the connector refuses the session', async () => {
    connector = await startConnector();
    const auth = new HttpAuthApi({ baseUrl: connector.baseUrl });
    assert.deepEqual(await auth.methods(), ['key']);
    const session = await auth.signInWithKey(SIGN_IN.key);
    assert.deepEqual(session.agent, { id: 'maria', name: 'Maria', role: 'agent' });
    assert.ok(session.expiresAt > Date.now() && session.refreshUntil >= session.expiresAt);
    const refreshed = await auth.refresh(session.token);
    assert.notEqual(refreshed.token, session.token);
    assert.equal(refreshed.refreshUntil, session.refreshUntil, 'the same sign-in');

    let token = refreshed.token;
    const refused: string[] = [];
    const api = new HttpConnectorApi({ baseUrl: connector.baseUrl, token: () => token, storage: null, storageKey: 'k', sendBeacon: null, onAuthRefused: (e) => refused.push(e.code) });
    clients.push(api);
    assert.equal((await api.settings()).agent.id, 'maria');
    await auth.signOut(token);
    await assert.rejects(api.settings(), (e: unknown) => e instanceof ConnectorError && e.status === 401 && e.code === 'SESSION_EXPIRED');
    assert.deepEqual(refused, ['SESSION_EXPIRED']);
    token = session.token;
    await assert.rejects(auth.refresh(token), (e: unknown) => e instanceof ConnectorError && e.status === 401, 'every session of the agent ended');
  });

  it('refuses a key the connector does not know with its own message', async () => {
    connector = await startConnector();
    await assert.rejects(new HttpAuthApi({ baseUrl: connector.baseUrl }).signInWithKey('x'.repeat(43)), (e: unknown) => {
      assert.ok(e instanceof ConnectorError);
      assert.deepEqual([e.status, e.code], [401, 'UNAUTHENTICATED']);
      return true;
    });
  });
});
