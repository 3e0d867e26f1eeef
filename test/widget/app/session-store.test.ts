import assert from 'node:assert/strict';
import { SessionStore } from '../../../widget/src/app/session-store.js';
import { MemoryStorage } from '../support/memory-storage.js';

describe('SessionStore', () => {
  it('keeps the token and devices under the connector’s prefix, and forgets them', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, 'clicktocall:https://cti.example.com');
    store.keepToken('t0k3n');
    store.keepDevice('microphone', 'mic-1');
    assert.deepEqual([...storage.items.keys()].sort(), ['clicktocall:https://cti.example.com:microphone', 'clicktocall:https://cti.example.com:token']);
    assert.equal(new SessionStore(storage, 'clicktocall:https://other.example.com').token(), null, 'another connector’s token is not used');
    store.forgetToken();
    store.keepDevice('microphone', null);
    assert.equal(store.token(), null);
    assert.deepEqual(store.devices(), { microphone: null, speaker: null });
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
    assert.doesNotThrow(() => store.keepToken('t'));
    assert.equal(store.token(), null);
    assert.doesNotThrow(() => store.forgetToken());
    assert.equal(new SessionStore(null, 'p').token(), null);
  });
});
