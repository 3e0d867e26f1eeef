import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { CrmError } from '../../connector/src/crm/crm-error.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import type { PublishedPushMessage, PushAddress } from '../../connector/src/push/agent-push.js';
import { LocalAgentPush } from '../../connector/src/push/local-agent-push.js';
import { pushPublisher } from '../../connector/src/push/push-publisher.js';
import { screenPopper } from '../../connector/src/push/screen-pop.js';
import { NumberService } from '../../connector/src/services/number-service.js';
import { FakeCrm, fakeRecord } from '../http/fake-crm.js';
import { CALL_POLICY, DIAL_PLAN } from '../http/test-app.js';

const CALLER = '+14155552671';
/** The connector's clock in these tests. */
const NOW = Date.parse('2026-11-23T10:15:30.000Z');

function logCollector() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) }));
  return { lines, logger };
}

function popper(crm: FakeCrm) {
  const published: [PushAddress, PublishedPushMessage][] = [];
  const { lines, logger } = logCollector();
  const pop = screenPopper({
    numbers: new NumberService({ crm, dialPlan: DIAL_PLAN, callPolicy: CALL_POLICY }),
    publish: async (address, message) => void published.push([address, message]),
    logger,
    now: () => NOW,
  });
  return { pop, published, lines };
}

/** A ringing event reported `agoMs` before the connector's now. */
const ringing = (callId: string, from: string, direction: 'inbound' | 'outbound' = 'inbound', agoMs = 1000) => ({
  type: 'ringing',
  callId,
  occurredAt: new Date(NOW - agoMs).toISOString(),
  direction,
  from,
});

/** A CRM that counts its reverse lookups and how many run at once. */
class CountingCrm extends FakeCrm {
  lookups = 0;
  running = 0;
  mostAtOnce = 0;

  override async findByPhone(...args: Parameters<FakeCrm['findByPhone']>): ReturnType<FakeCrm['findByPhone']> {
    this.lookups += 1;
    this.running += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await super.findByPhone(...args);
    } finally {
      this.running -= 1;
    }
  }
}

describe('screen pops of inbound callers', () => {
  it('names the first five records holding the number, with names cut to fit a push', async () => {
    const records = Array.from({ length: 7 }, (_, n) =>
      fakeRecord({ id: `CON-${n}`, name: `${'Very long name '.repeat(40)}${n}`, phones: [{ field: 'Phone', label: 'Phone', value: '(415) 555-2671' }] }),
    );
    const { pop, published } = popper(new FakeCrm(records));
    await pop('maria', [ringing('in-1@pbx', CALLER), { type: 'answered', callId: 'in-1@pbx', occurredAt: new Date(NOW).toISOString() }, ringing('out-1@pbx', CALLER, 'outbound')]);
    assert.equal(published.length, 1, 'one pop: outbound calls and other events pop nothing');
    const [to, message] = published[0]!;
    assert.equal(to, 'maria');
    assert.ok(message.type === 'screen-pop');
    assert.deepEqual(message.matches.map((m) => m.id), ['CON-0', 'CON-1', 'CON-2', 'CON-3', 'CON-4']);
    assert.ok(message.matches.every((m) => m.name.length === 200));
    assert.equal(message.number, '+1 415 555 2671');
    await new LocalAgentPush().publish(to, message);
  });

  it('pops nothing, and says so in the log, when the CRM cannot be asked; a caller with no number pops nothing quietly', async () => {
    const crm = new FakeCrm([]).failWith(new CrmError('unavailable', 'the CRM is down', { crm: 'fake' }));
    const { pop, published, lines } = popper(crm);
    await pop('maria', [ringing('in-1@pbx', CALLER), ringing('in-2@pbx', 'anonymous')]);
    assert.deepEqual(published, []);
    const said = lines.filter((l) => l.msg === 'no screen pop: the caller was not looked up').map((l) => l.level);
    assert.deepEqual(said.sort(), [20, 40], 'the CRM failure as a warning, the number-less caller at debug');
  });

  it('pops three calls of one request at most, looking them up one at a time, however many it reports ringing', async () => {
    const crm = new CountingCrm([]);
    const { pop, published } = popper(crm);
    await pop('maria', Array.from({ length: 200 }, (_, n) => ringing(`in-${n}@pbx`, `+1415555${String(n).padStart(4, '0')}`)));
    assert.deepEqual(published.map(([, m]) => (m.type === 'screen-pop' ? m.callId : m.type)), ['in-0@pbx', 'in-1@pbx', 'in-2@pbx']);
    assert.equal(crm.lookups, 3);
    assert.equal(crm.mostAtOnce, 1);
  });

  it('pops no call reported ringing more than 30 s from now (a backlog sent late), nor the same call twice', async () => {
    const crm = new CountingCrm([]);
    const { pop, published } = popper(crm);
    await pop('maria', [ringing('late@pbx', CALLER, 'inbound', 31_000), ringing('ahead@pbx', CALLER, 'inbound', -31_000), ringing('fresh@pbx', CALLER, 'inbound', 29_000)]);
    await pop('maria', [ringing('fresh@pbx', CALLER), ringing('next@pbx', CALLER)]);
    await pop('oliver', [ringing('fresh@pbx', CALLER)]);
    assert.deepEqual(
      published.map(([to, m]) => [to, m.type === 'screen-pop' ? m.callId : m.type]),
      [['maria', 'fresh@pbx'], ['maria', 'next@pbx'], ['oliver', 'fresh@pbx']],
    );
    assert.equal(crm.lookups, 3, 'nothing was looked up for the calls not popped');
  });

  it('never lets a channel that is down fail the request that published: the failure is logged', async () => {
    const push = new LocalAgentPush();
    await push.close();
    const { lines, logger } = logCollector();
    await pushPublisher(push, logger)('maria', { type: 'settings-changed' });
    assert.deepEqual(
      lines.filter((l) => l.level === 40).map((l) => [l.msg, l.to, l.type]),
      [['push not published; the widgets will see the change at their next read', 'maria', 'settings-changed']],
    );
  });
});
