import assert from 'node:assert/strict';
import pg from 'pg';
import { EventStream } from '../http/event-stream-kit.js';
import { SalesforceStandIn } from '../stand-ins/salesforce-stand-in.js';
import { createTestSchema, type TestSchema } from '../support/postgres.js';
import { ADMIN_TOKEN, ConnectorCluster, refreshTokenOf } from './connector-cluster.js';
import { sleep } from './connector-process.js';
import { endedCallEvents, expectedCall, seeded, taskMatches, wrapupEvents } from './posted-calls.js';

const CALLS = 5000;
const CALLS_PER_REQUEST = 10;
const INSTANCES = 3;
const SEED = Number(process.env.SCALE_TEST_SEED ?? Date.now() % 1_000_000);
const PREFIX = 'scale';

/**
 * Three connector processes on one PostgreSQL, behind a "load balancer" (this test: round-robin, moving on to the next
 * instance when one does not answer, no stickiness), with a Salesforce stand-in that fails some requests and holds each
 * upsert in flight for a while, so two instances sending the same call at once would show.
 */
describe('scale-out: three connector instances on one PostgreSQL, one killed with SIGKILL mid-way', function () {
  this.timeout(300_000);
  let schema: TestSchema;
  let standIn: SalesforceStandIn;
  let cluster: ConnectorCluster | null = null;

  before(async () => {
    schema = await createTestSchema('scale');
    standIn = new SalesforceStandIn({
      apiVersion: '62.0',
      externalIdField: 'CTI_Call_Id__c',
      failureRate: 0.05,
      lockRate: 0.01,
      upsertDelayMs: 100,
      random: seeded(SEED + 1),
    });
    await standIn.start();
  });

  after(async () => {
    await cluster?.stop();
    await standIn.stop();
    await schema.drop();
  });

  it('logs each of 5,000 calls posted round-robin as exactly one CRM activity, none twice, none sent twice at once', async () => {
    const random = seeded(SEED);
    // All three start at once: each finds the schema empty, and the migrations must still run exactly once.
    cluster = await ConnectorCluster.start({ instances: INSTANCES, schema, standIn });
    const { bases, connectors } = cluster;

    const created = await fetch(`${bases[0]}/api/v1/admin/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'agent-1', name: 'Scale Test Agent', crmUserId: '005xx000001SwiU' }),
    });
    assert.equal(created.status, 201);
    const { signInKey } = (await created.json()) as { signInKey: string };
    // Signed in on another instance than the one that created the agent: the agent and the session are shared.
    const signedIn = await fetch(`${bases[1]}/api/v1/auth/local`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: signInKey }),
    });
    assert.equal(signedIn.status, 200);
    const { token } = (await signedIn.json()) as { token: string };

    const accepted = bases.map(() => 0);
    let next = 0;
    /** Calls, then wrap-ups, posted so far (up to 2 x CALLS). */
    let posted = 0;
    let failedOver = 0;
    const post = async (events: unknown[]) => {
      for (;;) {
        const n = next;
        next = (next + 1) % INSTANCES;
        try {
          const res = await fetch(`${bases[n]}/api/v1/calls/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ events }),
            signal: AbortSignal.timeout(5000),
          });
          if (res.status === 202) {
            accepted[n]! += 1;
            return;
          }
          if (res.status >= 400 && res.status < 500) throw new Error(`the connector refused the events: HTTP ${res.status} ${await res.text()}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('the connector refused')) throw error;
        }
        // That instance is down or died mid-request: the next one gets the same (idempotent) events.
        failedOver += 1;
      }
    };

    // The victim is killed once half-way-ish, at a moment it has a CRM request in flight, so the logs it claimed are
    // orphaned mid-send and must be taken over by the others when their lease runs out.
    const killAt = Math.floor(CALLS * (0.4 + random() * 0.2));
    const victim = connectors[INSTANCES - 1]!;
    let killedAfter = -1;
    let claimsAtKill = 0;
    let midSend = false;
    const killMidSend = async () => {
      while (posted < killAt) await sleep(5);
      const deadline = Date.now() + 60_000;
      while (!standIn.upsertInFlightFor(refreshTokenOf(INSTANCES - 1)) && Date.now() < deadline) await sleep(1);
      midSend = standIn.upsertInFlightFor(refreshTokenOf(INSTANCES - 1));
      victim.kill('SIGKILL');
      await victim.waitForExit(5000);
      killedAfter = posted;
      claimsAtKill = await liveClaims(schema);
    };
    const postAll = async () => {
      for (let first = 0; first < 2 * CALLS; first += CALLS_PER_REQUEST) {
        const events = [];
        for (let n = first; n < Math.min(2 * CALLS, first + CALLS_PER_REQUEST); n++) {
          events.push(...(n < CALLS ? endedCallEvents(PREFIX, n) : wrapupEvents(PREFIX, n - CALLS)));
        }
        if (events.length > 0) await post(events);
        posted = Math.min(2 * CALLS, first + CALLS_PER_REQUEST);
      }
    };
    const postingStarted = Date.now();
    let postingMs = 0;
    await Promise.all([postAll().then(() => (postingMs = Date.now() - postingStarted)), killMidSend()]);
    assert.ok(killedAfter >= 0 && midSend, 'the victim was killed with a CRM request in flight');

    const allLogged = () => {
      for (let i = 0; i < CALLS; i++) {
        const want = expectedCall(PREFIX, i);
        if (!taskMatches(standIn.tasks.get(`agent-1:${want.callId}`), want)) return false;
      }
      return true;
    };
    const deadline = Date.now() + 180_000;
    let outbox = { pending: -1, dead: -1, delivered: -1 };
    while (Date.now() < deadline) {
      const res = await fetch(`${bases[0]}/api/v1/admin/outbox`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      outbox = (await res.json()) as typeof outbox;
      // Every activity must be final, not just there: a wrap-up held by a killed instance's fold claim comes later.
      if (standIn.tasks.size >= CALLS && outbox.pending === 0 && allLogged()) break;
      await sleep(250);
    }

    const drainedMs = Date.now() - postingStarted - postingMs;
    let wrong = 0;
    for (let i = 0; i < CALLS; i++) {
      const want = expectedCall(PREFIX, i);
      if (!taskMatches(standIn.tasks.get(`agent-1:${want.callId}`), want)) wrong += 1;
    }
    const inserted = new Set(standIn.inserts);
    console.log(
      `      seed ${SEED}: ${CALLS} calls in ${accepted.reduce((a, b) => a + b, 0)} accepted requests (per instance: ${accepted.join(' / ')}), ` +
        `instance ${INSTANCES} SIGKILLed mid-send after ${killedAfter} posted (${claimsAtKill} logs claimed then), ${failedOver} requests moved to the next instance; ` +
        `posting took ${(postingMs / 1000).toFixed(1)} s, the CRM had every log ${(drainedMs / 1000).toFixed(1)} s later; ` +
        `CRM stand-in: ${standIn.counts.upserts} upsert requests (${standIn.counts.failedWhole} failed whole, ${standIn.counts.locked} items locked), ` +
        `${standIn.tasks.size} activities, ${standIn.inserts.length} inserts (${standIn.inserts.length - inserted.size} twice), ` +
        `${standIn.counts.updated} updates, ${standIn.counts.overlapping} sent by two senders at once, ${wrong} wrong; ` +
        `outbox pending ${outbox.pending}, dead ${outbox.dead}, delivered ${outbox.delivered}`,
    );
    assert.equal(standIn.tasks.size, CALLS, 'one activity per call');
    assert.equal(standIn.inserts.length, CALLS, 'no call was created twice');
    assert.equal(standIn.counts.overlapping, 0, 'never two upserts of one call in flight at once');
    assert.equal(wrong, 0, 'every activity has the right duration, result and notes');
    assert.deepEqual({ pending: outbox.pending, dead: outbox.dead, delivered: outbox.delivered }, { pending: 0, dead: 0, delivered: CALLS });
    assert.ok(accepted.every((count) => count > 0), 'every instance took requests');
  });
});

describe('scale-out: what one instance pushes reaches a widget streaming from another', function () {
  this.timeout(60_000);
  let schema: TestSchema;
  let standIn: SalesforceStandIn;
  let cluster: ConnectorCluster | null = null;

  before(async () => {
    schema = await createTestSchema('push');
    standIn = new SalesforceStandIn({
      apiVersion: '62.0',
      externalIdField: 'CTI_Call_Id__c',
      records: [{ type: 'Contact', Id: '003xx000004TmiQ', Name: 'Ada Lovelace', Phone: '+44 20 7946 0958' }],
    });
    await standIn.start();
  });

  after(async () => {
    await cluster?.stop();
    await standIn.stop();
    await schema.drop();
  });

  it('pops the caller, says the settings changed and ends the session on B for what happens on A; B ends its streams on SIGTERM', async () => {
    cluster = await ConnectorCluster.start({ instances: 2, schema, standIn });
    const { bases, connectors } = cluster;
    const [a, b] = bases as [string, string];
    const admin = (method: string, url: string, body?: unknown) =>
      fetch(url, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const created = await admin('POST', `${a}/api/v1/admin/agents`, { id: 'ada-desk', name: 'Desk Agent' });
    assert.equal(created.status, 201);
    const { signInKey } = (await created.json()) as { signInKey: string };
    const signedIn = await fetch(`${b}/api/v1/auth/local`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: signInKey }) });
    const { token } = (await signedIn.json()) as { token: string };
    const onB = await EventStream.open(b, token);
    assert.equal(onB.response.status, 200);
    // The agent's other widget, streaming from A, hears it too.
    const onA = await EventStream.open(a, token);

    const ringing = {
      eventId: 'in-1#1',
      callId: 'in-1@pbx.test',
      occurredAt: new Date().toISOString(),
      type: 'ringing',
      direction: 'inbound',
      from: '+442079460958',
      to: 'sip:ada-desk@pbx.test',
      record: null,
    };
    const posted = await fetch(`${a}/api/v1/calls/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [ringing] }),
    });
    assert.equal(posted.status, 202);
    const pop = await onB.next(10_000);
    assert.equal(pop.type, 'screen-pop');
    assert.deepEqual(pop.type === 'screen-pop' ? { callId: pop.callId, matches: pop.matches } : null, {
      callId: 'in-1@pbx.test',
      matches: [{ objectType: 'Contact', id: '003xx000004TmiQ', name: 'Ada Lovelace' }],
    });
    assert.equal((await onA.next(10_000)).type, 'screen-pop');

    const profile = await admin('PATCH', `${a}/api/v1/admin/agents/ada-desk`, { callerId: '+442079460000' });
    assert.equal(profile.status, 200, await profile.clone().text());
    assert.deepEqual(await onB.next(10_000), { type: 'settings-changed' });

    const signedOut = await admin('POST', `${a}/api/v1/admin/agents/ada-desk/sign-out`);
    assert.ok(signedOut.ok, `sign-out answered ${signedOut.status}`);
    assert.deepEqual(await onB.next(10_000), { type: 'session-ended', reason: 'sessions-ended' });
    onB.close();
    onA.close();

    // A widget of a new session streams from B; B is stopped as a rolling upgrade would: its stream ends at once and
    // the process exits well before its 10 s shutdown timeout, having closed the stream itself.
    const again = await fetch(`${a}/api/v1/auth/local`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: signInKey }) });
    const fresh = await EventStream.open(b, ((await again.json()) as { token: string }).token);
    assert.equal(fresh.response.status, 200);
    const stopping = Date.now();
    connectors[1]!.kill('SIGTERM');
    await fresh.ended;
    const streamEndedMs = Date.now() - stopping;
    const exit = await connectors[1]!.waitForExit(10_000);
    const stoppedMs = Date.now() - stopping;
    console.log(`      B ended its event stream ${streamEndedMs} ms after SIGTERM and exited after ${stoppedMs} ms`);
    assert.ok(streamEndedMs < 1000, `B ended its stream after ${streamEndedMs} ms`);
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(stoppedMs < 5000, `B took ${stoppedMs} ms to stop`);
  });
});

/** Outbox entries held by a claim whose lease has not run out: right after the kill, some may be the dead instance's. */
async function liveClaims(schema: TestSchema): Promise<number> {
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema.schema}.outbox WHERE lease_until > $1`, [Date.now()]);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}
