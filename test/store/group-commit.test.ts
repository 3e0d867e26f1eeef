import assert from 'node:assert/strict';
import { GroupCommit } from '../../connector/src/store/group-commit.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { finishedCall } from '../outbox/call-events.js';

describe('GroupCommit', () => {
  it('commits what arrives in one turn of the event loop together, and answers each caller its own result', async () => {
    const commits: string[][] = [];
    const group = new GroupCommit<string, string>((inputs) => {
      commits.push([...inputs]);
      return inputs.map((input) => input.toUpperCase());
    });
    const first = await Promise.all([group.add('a'), group.add('b'), group.add('c')]);
    const later = await group.add('d');
    assert.deepEqual(first, ['A', 'B', 'C']);
    assert.equal(later, 'D');
    assert.deepEqual(commits, [['a', 'b', 'c'], ['d']]);
  });

  it('fails only the caller whose input fails, committing the others one by one', async () => {
    const commits: string[][] = [];
    const group = new GroupCommit<string, string>((inputs) => {
      if (inputs.includes('bad')) throw new Error('SQLITE_CONSTRAINT');
      commits.push([...inputs]);
      return [...inputs];
    });
    const outcomes = await Promise.allSettled([group.add('a'), group.add('bad'), group.add('c')]);
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)),
      ['a', 'SQLITE_CONSTRAINT', 'c'],
    );
    assert.deepEqual(commits, [['a'], ['c']]);
  });

  it('commits at once on flush, so nothing waits behind a store that closes', async () => {
    let committed = 0;
    const group = new GroupCommit<number, number>((inputs) => {
      committed += inputs.length;
      return [...inputs];
    });
    const pending = group.add(7);
    group.flush();
    assert.equal(committed, 1);
    assert.equal(await pending, 7);
  });
});

describe('SQLite store: call events posted together', () => {
  it('stores every request of a burst and counts each request’s new events and duplicates apart', async () => {
    const store = SqliteStore.open(':memory:');
    try {
      const calls = Array.from({ length: 20 }, (_, i) => finishedCall(`burst-${i}`));
      const resent = calls[0]!;
      const answers = await Promise.all([...calls, resent].map((events) => store.appendCallEvents(events, Date.now())));
      assert.deepEqual(answers.slice(0, 20), calls.map((events) => ({ inserted: events.length, duplicates: 0 })));
      assert.deepEqual(answers[20], { inserted: 0, duplicates: resent.length }, 'the same request again, in the same group, adds nothing');
      for (let i = 0; i < 20; i++) assert.equal((await store.callEvents(`agent-1:burst-${i}`)).length, calls[i]!.length);
    } finally {
      await store.close();
    }
  });

  it('commits what was posted before it closes, and refuses events once closed', async () => {
    const store = SqliteStore.open(':memory:');
    const posted = store.appendCallEvents(finishedCall('last'), Date.now());
    await store.close();
    assert.deepEqual(await posted, { inserted: 3, duplicates: 0 });
    await assert.rejects(store.appendCallEvents(finishedCall('late'), Date.now()), /the store is closed/);
  });
});
