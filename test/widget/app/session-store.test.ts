import assert from 'node:assert/strict';
import { SessionStore } from '../../../widget/src/app/session-store.js';
import { MemoryStorage } from '../support/memory-storage.js';

const SESSION = {
  token: 'eyJ.session.token',
  expiresAt: Date.UTC(2025, 0, 6, 9, 15),
  refreshUntil: Date.UTC(2025, 0, 6, 21, 0),
  clockOffsetMs: 0,
  agent: { id: 'maria', name: 'Maria Gonzalez', role: 'agent' },
};

describe('SessionStore', () => {
  it('keeps the session and devices under the connector’s prefix, and forgets them', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, 'clicktocall:https://cti.example.com');
    store.keepSession(SESSION);
    store.keepDevice('microphone', 'mic-1');
    assert.deepEqual([...storage.items.keys()].sort(), ['clicktocall:https://cti.example.com:microphone', 'clicktocall:https://cti.example.com:session']);
    assert.deepEqual(store.session(), SESSION);
    assert.equal(new SessionStore(storage, 'clicktocall:https://other.example.com').session(), null, 'another connector’s session is not used');
    store.forgetSession();
    store.keepDevice('microphone', null);
    assert.equal(store.session(), null);
    assert.deepEqual(store.devices(), { microphone: null, speaker: null });
  });

  it('reads nothing from a damaged or half-written session, and drops the long-lived token earlier versions kept', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, 'p');
    storage.setItem('p:token', 'an-old-agent-token');
    for (const bad of ['{', '"x"', JSON.stringify({ ...SESSION, token: '' }), JSON.stringify({ ...SESSION, expiresAt: 'soon' }), JSON.stringify({ ...SESSION, agent: null })]) {
      storage.setItem('p:session', bad);
      assert.equal(store.session(), null, bad);
    }
    assert.equal(storage.getItem('p:token'), null);
  });

  it('forgets quietly where the browser refuses storage', () => {
    const refusing = {
      getItem(): string | null {
        throw new Error('SecurityError: storage is disabled');
      },
      setItem(): void {
        throw new Error('QuotaExceededError');
      },
      removeItem(): void {
        throw new Error('SecurityError: storage is disabled');
      },
    };
    const store = new SessionStore(refusing, 'p');
    assert.doesNotThrow(() => store.keepSession(SESSION));
    assert.equal(store.session(), null);
    assert.doesNotThrow(() => store.forgetSession());
    assert.equal(new SessionStore(null, 'p').session(), null);
  });
});
