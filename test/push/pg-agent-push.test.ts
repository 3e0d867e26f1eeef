import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { MAX_PUSH_PAYLOAD_BYTES } from '../../connector/src/push/agent-push.js';
import { PgAgentPush, pushChannelName, type PgAgentPushOptions } from '../../connector/src/push/pg-agent-push.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../support/postgres.js';
import { PushInbox } from './push-inbox.js';

/** One statement on a connection of the test's own. */
async function sql<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** The listening connections of the instances named `appName` (their publish pools are named otherwise). */
function listeners(appName: string): Promise<{ pid: number; query: string }[]> {
  return sql<{ pid: number; query: string }>(`SELECT pid, query FROM pg_stat_activity WHERE application_name = $1 AND backend_type = 'client backend'`, [appName]);
}

/** Resolves once `check` holds, asking again on each turn of the event loop; rejects after `ms`. */
async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('PgAgentPush: pushes between connector instances over PostgreSQL LISTEN/NOTIFY', function () {
  this.timeout(30_000);
  let schema: TestSchema;
  const opened: PgAgentPush[] = [];
  /** A name for this test's listeners in pg_stat_activity, so killing them never touches anyone else's. */
  const appName = `push-test-${randomBytes(4).toString('hex')}`;

  const open = async (options: Partial<PgAgentPushOptions> = {}) => {
    const push = await PgAgentPush.open({ url: schema.url, schema: schema.schema, applicationName: appName, reconnect: { baseMs: 50, maxMs: 500 }, ...options });
    opened.push(push);
    return push;
  };

  beforeEach(async () => {
    schema = await createTestSchema('push');
  });

  afterEach(async () => {
    for (const push of opened.splice(0)) await push.close();
    await schema.drop();
  });

  it('delivers what one instance publishes to the subscribers of every instance: addressed to the agent’s, `*` to all', async () => {
    const [a, b] = [await open(), await open()];
    const mariaOnA = new PushInbox();
    const mariaOnB = new PushInbox();
    const oliverOnB = new PushInbox();
    a.subscribe('maria', mariaOnA.listener);
    b.subscribe('maria', mariaOnB.listener);
    b.subscribe('oliver', oliverOnB.listener);

    await a.publish('maria', { type: 'session-ended', reason: 'sign-in-key-reset' });
    await b.publish('*', { type: 'settings-changed' });

    for (const inbox of [mariaOnA, mariaOnB]) {
      assert.deepEqual(await inbox.next(), { type: 'session-ended', reason: 'sign-in-key-reset' });
      assert.deepEqual(await inbox.next(), { type: 'settings-changed' });
    }
    assert.deepEqual(await oliverOnB.next(), { type: 'settings-changed' }, 'oliver got the broadcast and not maria’s message');
    assert.equal(mariaOnA.received.length + mariaOnB.received.length + oliverOnB.received.length, 5, 'each message arrived once per subscriber');
  });

  it('keeps clusters on other schemas apart, and ignores notifications that are not pushes', async () => {
    const other = await createTestSchema('push');
    try {
      const here = await open();
      const there = await open({ schema: other.schema });
      assert.notEqual(here.channel, there.channel);
      const inbox = new PushInbox();
      here.subscribe('maria', inbox.listener);
      await there.publish('maria', { type: 'settings-changed' });
      await sql('SELECT pg_notify($1, $2)', [here.channel, 'not json']);
      await sql('SELECT pg_notify($1, $2)', [here.channel, JSON.stringify({ to: 'maria', message: { type: 'resync' } })]);
      await here.publish('maria', { type: 'session-ended', reason: 'deleted' });
      assert.deepEqual(await inbox.next(), { type: 'session-ended', reason: 'deleted' }, 'the first message to arrive is this cluster’s own');
      assert.deepEqual(inbox.untaken, []);
    } finally {
      await other.drop();
    }
  });

  it('refuses a message over 7,000 bytes of JSON and sends nothing', async () => {
    const push = await open();
    const inbox = new PushInbox();
    push.subscribe('maria', inbox.listener);
    const long = 'é'.repeat(MAX_PUSH_PAYLOAD_BYTES / 2);
    await assert.rejects(push.publish('maria', { type: 'screen-pop', callId: 'c1', number: '+1', matches: [{ objectType: 'Contact', id: 'C', name: long }] }), RangeError);
    await push.publish('maria', { type: 'settings-changed' });
    assert.deepEqual(await inbox.next(), { type: 'settings-changed' });
    assert.deepEqual(inbox.untaken, []);
  });

  it('listens again after its connection is killed, tells every subscriber to resync, and delivers later messages', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) }));
    const listener = await open({ url: schema.url.replace('postgres@', 'postgres:pw-never-logged@'), logger });
    const sender = await open({ applicationName: `${appName}-sender` });
    const [maria, oliver] = [new PushInbox(), new PushInbox()];
    listener.subscribe('maria', maria.listener);
    listener.subscribe('oliver', oliver.listener);

    const killed = await sql<{ pid: number }>(
      `SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`,
      [appName],
    );
    assert.equal(killed.length, 1, 'the one listening connection of that instance was killed');

    assert.deepEqual(await maria.next(5000), { type: 'resync' });
    assert.deepEqual(await oliver.next(5000), { type: 'resync' });
    await sender.publish('maria', { type: 'settings-changed' });
    assert.deepEqual(await maria.next(), { type: 'settings-changed' });
    const lost = lines.find((l) => l.msg === 'push listener lost its database connection; listening again');
    assert.ok(lost, 'the lost connection was logged');
    assert.match(String(lost.database), /^127\.0\.0\.1:5432\//);
    assert.ok(!JSON.stringify(lines).includes('pw-never-logged'), 'the password appears in no log line');
  });

  it('backs off further while its connection keeps dropping before a ping succeeds, and resyncs at most once per interval', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) }));
    const listener = await open({ logger, minResyncIntervalMs: 1500, pingIntervalMs: 60_000 });
    const sender = await open({ applicationName: `${appName}-sender` });
    const maria = new PushInbox();
    const resyncs: number[] = [];
    listener.subscribe('maria', (message) => {
      if (message.type === 'resync') resyncs.push(Date.now());
      maria.listener(message);
    });

    for (let n = 0; n < 3; n++) {
      const pid = (await listeners(appName))[0]!.pid;
      await sql('SELECT pg_terminate_backend($1)', [pid]);
      await until(async () => (await listeners(appName)).some((l) => l.pid !== pid && l.query.startsWith('LISTEN')));
    }
    const lost = lines.filter((l) => l.msg === 'push listener lost its database connection; listening again');
    assert.deepEqual(lost.map((l) => l.failures), [1, 2, 3], 'each connection dropped before its first ping: the backoff grows');
    assert.ok(lost.every((l, n) => Number(l.retryInMs) >= 25 * 2 ** n && Number(l.retryInMs) <= 50 * 2 ** n), JSON.stringify(lost.map((l) => l.retryInMs)));

    assert.deepEqual(await maria.next(5000), { type: 'resync' });
    assert.deepEqual(await maria.next(5000), { type: 'resync' }, 'the later drops’ resync waited for its turn, not lost');
    assert.ok(resyncs[1]! - resyncs[0]! >= 1400, `resyncs ${resyncs[1]! - resyncs[0]!} ms apart`);
    await sender.publish('maria', { type: 'settings-changed' });
    assert.deepEqual(await maria.next(), { type: 'settings-changed' }, 'one resync for the three drops that followed the first');
  });

  it('forgets the backoff once a ping succeeds on the new connection', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) }));
    await open({ logger, pingIntervalMs: 50 });
    let pid = (await listeners(appName))[0]!.pid;
    for (let n = 0; n < 2; n++) {
      // The listener's last statement is the ping once one has run on it.
      await until(async () => (await listeners(appName)).some((l) => l.pid === pid && l.query === 'SELECT 1'));
      await sql('SELECT pg_terminate_backend($1)', [pid]);
      const killed = pid;
      await until(async () => {
        const next = (await listeners(appName)).find((l) => l.pid !== killed && (l.query.startsWith('LISTEN') || l.query === 'SELECT 1'));
        if (next) pid = next.pid;
        return next !== undefined;
      });
    }
    const lost = lines.filter((l) => l.msg === 'push listener lost its database connection; listening again');
    assert.deepEqual(lost.map((l) => l.failures), [1, 1]);
  });

  it('fails to open with an error naming the database but never its password', async () => {
    await assert.rejects(PgAgentPush.open({ url: 'postgres://postgres:hunter2-secret@127.0.0.1:1/test' }), (error: Error) => {
      assert.match(error.message, /^cannot listen for pushes on PostgreSQL at 127\.0\.0\.1:1\/test: /);
      assert.ok(!error.message.includes('hunter2-secret'));
      return true;
    });
  });

  it('close is idempotent, ends every subscription, and leaves no connection of its own behind', async () => {
    const push = await open();
    const inbox = new PushInbox();
    push.subscribe('maria', inbox.listener, inbox.onClosed);
    await push.publish('maria', { type: 'settings-changed' });
    await inbox.next();
    await push.close();
    await push.close();
    assert.equal(inbox.closed, 1);
    assert.equal(push.subscriberCount, 0);
    await assert.rejects(push.publish('maria', { type: 'settings-changed' }), /closed/);
    // A backend leaves pg_stat_activity a moment after its client said goodbye.
    const deadline = Date.now() + 5000;
    let left = await sql(`SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1`, [`${appName}%`]);
    while (left.length > 0 && Date.now() < deadline) left = await sql(`SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1`, [`${appName}%`]);
    assert.deepEqual(left, []);
  });

  it('names its channel after the schema, hashing one too long for PostgreSQL', () => {
    assert.equal(pushChannelName(), 'cti_push');
    assert.equal(pushChannelName('cti'), 'cti_push_cti');
    const long = pushChannelName('a'.repeat(60));
    assert.ok(long.length <= 63 && long !== pushChannelName(`${'a'.repeat(59)}b`));
    assert.throws(() => pushChannelName('Robert"; DROP'), RangeError);
  });
});
