import assert from 'node:assert/strict';
import { MAX_PUSH_PAYLOAD_BYTES } from '../../connector/src/push/agent-push.js';
import { LocalAgentPush } from '../../connector/src/push/local-agent-push.js';
import { PushInbox } from './push-inbox.js';

describe('LocalAgentPush: the push channel of a single connector instance', () => {
  it('hands an addressed message to that agent’s subscribers only, and a broadcast to everyone', async () => {
    const push = new LocalAgentPush();
    const [maria, mariaTab2, oliver] = [new PushInbox(), new PushInbox(), new PushInbox()];
    push.subscribe('maria', maria.listener);
    push.subscribe('maria', mariaTab2.listener);
    push.subscribe('oliver', oliver.listener);

    await push.publish('maria', { type: 'session-ended', reason: 'disabled' });
    await push.publish('*', { type: 'settings-changed' });

    assert.deepEqual(await maria.next(), { type: 'session-ended', reason: 'disabled' });
    assert.deepEqual(await maria.next(), { type: 'settings-changed' });
    assert.deepEqual(mariaTab2.received, maria.received);
    assert.deepEqual(await oliver.next(), { type: 'settings-changed' });
    assert.deepEqual(oliver.untaken, []);
  });

  it('keeps delivering to the others when one subscriber throws, and tells who failed', async () => {
    const failures: unknown[] = [];
    const push = new LocalAgentPush({ onListenerError: (error) => failures.push(error) });
    const after = new PushInbox();
    push.subscribe('maria', () => {
      throw new Error('a broken stream');
    });
    push.subscribe('maria', after.listener);
    await push.publish('maria', { type: 'settings-changed' });
    assert.deepEqual(await after.next(), { type: 'settings-changed' });
    assert.equal((failures[0] as Error).message, 'a broken stream');
  });

  it('refuses a message over the PostgreSQL payload limit even here, and publishes to nobody without complaint', async () => {
    const push = new LocalAgentPush();
    const inbox = new PushInbox();
    push.subscribe('maria', inbox.listener);
    const name = 'x'.repeat(MAX_PUSH_PAYLOAD_BYTES);
    await assert.rejects(
      push.publish('maria', { type: 'screen-pop', callId: 'c1', number: '+1 415 555 2671', matches: [{ objectType: 'Contact', id: 'CON-1', name }] }),
      RangeError,
    );
    await push.publish('nobody-listens', { type: 'settings-changed' });
    await push.publish('maria', { type: 'settings-changed' });
    assert.deepEqual(await inbox.next(), { type: 'settings-changed' }, 'only the message that fits arrived');
  });

  it('stops delivering once unsubscribed, and counts the open subscriptions', async () => {
    const push = new LocalAgentPush();
    const gone = new PushInbox();
    const stays = new PushInbox();
    const unsubscribe = push.subscribe('maria', gone.listener);
    push.subscribe('maria', stays.listener);
    assert.equal(push.subscriberCount, 2);
    unsubscribe();
    unsubscribe();
    assert.equal(push.subscriberCount, 1);
    await push.publish('maria', { type: 'settings-changed' });
    await stays.next();
    assert.deepEqual(gone.received, []);
  });

  it('close ends every subscription once, then refuses to publish and ends new subscriptions at once', async () => {
    const push = new LocalAgentPush();
    const inbox = new PushInbox();
    push.subscribe('maria', inbox.listener, inbox.onClosed);
    await push.close();
    await push.close();
    assert.equal(inbox.closed, 1);
    assert.equal(push.subscriberCount, 0);
    await assert.rejects(push.publish('maria', { type: 'settings-changed' }), /closed/);
    const late = new PushInbox();
    push.subscribe('maria', late.listener, late.onClosed);
    assert.equal(late.closed, 1);
    assert.equal(push.subscriberCount, 0);
  });
});
