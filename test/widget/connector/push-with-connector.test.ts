import assert from 'node:assert/strict';
import { LocalAgentPush } from '../../../connector/src/push/local-agent-push.js';
import type { PushMessage } from '../../../widget/src/connector/push-message.js';
import { HttpConnectorApi } from '../../../widget/src/connector/http-connector-api.js';
import type { PageVisibility } from '../../../widget/src/connector/push-stream.js';
import { listeningConnector, type ListeningConnector } from '../../http/event-stream-kit.js';

/** Resolves once `check` holds, polling on the event loop; rejects after `ms`. */
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('HttpConnectorApi.listen against the real connector’s event stream', () => {
  let push: LocalAgentPush;
  let connector: ListeningConnector;
  const clients: HttpConnectorApi[] = [];

  beforeEach(async () => {
    push = new LocalAgentPush();
    connector = await listeningConnector({ push });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.stop();
    await push.close();
    await connector.close();
  });

  function client(token: string, refused: string[] = [], visibility: PageVisibility | null = null): HttpConnectorApi {
    const api = new HttpConnectorApi({
      baseUrl: connector.baseUrl,
      token: () => token,
      storage: null,
      storageKey: 'k',
      sendBeacon: null,
      onAuthRefused: (e) => refused.push(e.code),
      // No wait before a resync here; the wait itself is `PushStream`'s to test.
      random: () => 0,
      visibility,
    });
    clients.push(api);
    return api;
  }

  it('hands the widget what an admin’s change pushes, and stops listening when closed', async () => {
    const token = await connector.agent('maria');
    const messages: PushMessage[] = [];
    const close = client(token).listen((m) => messages.push(m));
    await until(() => push.subscriberCount === 1);
    assert.equal((await connector.admin('PUT', '/agents/maria/sip', { username: '1001', password: 'vq7-Lamp-Orbit-29-Quill' })).status, 200);
    await until(() => messages.some((m) => m.type === 'settings-changed'));
    assert.deepEqual(messages.filter((m) => m.type !== 'resync'), [{ type: 'settings-changed' }]);
    close();
    await until(() => push.subscriberCount === 0);
  });

  it('reads nothing while the page is hidden: the stream closes, and opens again with a resync once it is shown', async () => {
    const token = await connector.agent('maria');
    let shown = true;
    const changed = new Set<() => void>();
    const page: PageVisibility = {
      visible: () => shown,
      onChange: (listener) => (changed.add(listener), () => changed.delete(listener)),
    };
    const show = (value: boolean) => ((shown = value), changed.forEach((l) => l()));
    const messages: PushMessage[] = [];
    client(token, [], page).listen((m) => messages.push(m));
    await until(() => messages.length === 1);
    assert.equal(push.subscriberCount, 1);
    show(false);
    await until(() => push.subscriberCount === 0);
    show(true);
    await until(() => push.subscriberCount === 1 && messages.length === 2);
    assert.deepEqual(messages, [{ type: 'resync' }, { type: 'resync' }], 'a resync at the first connection and at the next');
  });

  it('tells whoever keeps the session that the connector refused its token', async () => {
    const refused: string[] = [];
    client('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYXJpYSJ9.not-a-real-signature', refused).listen(() => {});
    await until(() => refused.length > 0);
    assert.deepEqual(refused, ['UNAUTHENTICATED']);
  });
});
