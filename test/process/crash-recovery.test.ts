import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SalesforceStandIn } from '../stand-ins/salesforce-stand-in.js';
import { ConnectorProcess, sleep } from './connector-process.js';
import { endedCallEvents, expectedCall, freePort, seeded, taskMatches, wrapupEvents } from './posted-calls.js';

const CALLS = 2000;
const CALLS_PER_REQUEST = 10;
const ADMIN_TOKEN = 'crash-test-admin-token-0123456789abcdef';
const SEED = Number(process.env.CRASH_TEST_SEED ?? Date.now() % 1_000_000);
const PREFIX = 'crash';

describe('crash recovery: SIGKILL while calls are posted and the CRM fails', function () {
  this.timeout(240_000);
  let dataDir: string;
  let standIn: SalesforceStandIn;
  let connector: ConnectorProcess | null = null;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cti-crash-'));
    standIn = new SalesforceStandIn({
      apiVersion: '62.0',
      externalIdField: 'CTI_Call_Id__c',
      failureRate: 0.3,
      lockRate: 0.02,
      expiredRate: 0.02,
      random: seeded(SEED + 1),
    });
    await standIn.start();
  });

  after(async () => {
    if (connector?.running) {
      connector.kill('SIGKILL');
      await connector.waitForExit(5000).catch(() => undefined);
    }
    await standIn.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends with exactly one CRM activity per call, each with the right duration and result', async () => {
    const random = seeded(SEED);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CRM: 'salesforce',
      SF_LOGIN_URL: standIn.url,
      SF_CLIENT_ID: 'crash-test-consumer-key',
      SF_REFRESH_TOKEN: 'crash-test-refresh-token',
      CRM_TIMEOUT_MS: '2000',
      ADMIN_TOKEN,
      OUTBOX_FLUSH_MS: '50',
      // A killed incarnation's claims hold its logs and folds this long before the next one takes them over.
      OUTBOX_LEASE_MS: '5000',
      RETRY_BASE_MS: '20',
      RETRY_MAX_MS: '400',
      BREAKER_THRESHOLD: '8',
      BREAKER_COOLDOWN_MS: '200',
      // One agent posting a whole day's calls in seconds: far above an agent's normal request rate.
      RATE_LIMIT_API: '100000',
    };
    const start = async () => {
      connector = new ConnectorProcess(env);
      await connector.waitFor('the ready line', () => (/Connector ready/.test(connector!.stderr) ? true : undefined), 20_000);
    };
    const kill = async () => {
      connector!.kill('SIGKILL');
      await connector!.waitForExit(5000);
    };

    await start();
    const created = await fetch(`${base}/api/v1/admin/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'agent-1', name: 'Crash Test Agent', crmUserId: '005xx000001SwiU' }),
    });
    assert.equal(created.status, 201);
    const { signInKey } = (await created.json()) as { signInKey: string };
    // The agent signs in once; its session (signed with the key in DATA_DIR) outlives every crash of the connector.
    const signedIn = await fetch(`${base}/api/v1/auth/local`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: signInKey }),
    });
    assert.equal(signedIn.status, 200);
    const { token } = (await signedIn.json()) as { token: string };

    let posted = 0;
    let kills = 0;
    let resent = 0;
    const postAll = async () => {
      // First every call, then the wrap-ups, which update activities most likely logged already.
      for (let first = 0; first < 2 * CALLS; first += CALLS_PER_REQUEST) {
        const events = [];
        for (let n = first; n < Math.min(2 * CALLS, first + CALLS_PER_REQUEST); n++) {
          events.push(...(n < CALLS ? endedCallEvents(PREFIX, n) : wrapupEvents(PREFIX, n - CALLS)));
        }
        if (events.length === 0) continue;
        for (;;) {
          try {
            const res = await fetch(`${base}/api/v1/calls/events`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ events }),
              signal: AbortSignal.timeout(5000),
            });
            if (res.status === 202) break;
            if (res.status >= 400 && res.status < 500) throw new Error(`the connector refused the events: HTTP ${res.status} ${await res.text()}`);
            throw new Error(`HTTP ${res.status}`);
          } catch (error) {
            if (error instanceof Error && error.message.startsWith('the connector refused')) throw error;
            // The connector is down or died mid-request: a widget resends the same events, which are idempotent.
            resent += 1;
            await sleep(100);
          }
        }
        posted = Math.min(CALLS, first / 2 + CALLS_PER_REQUEST);
        await sleep(5);
      }
    };
    const killAtRandom = async () => {
      while (posted < CALLS) {
        await sleep(300 + random() * 1500);
        if (posted >= CALLS) break;
        await kill();
        kills += 1;
        await start();
      }
    };
    await Promise.all([postAll(), killAtRandom()]);

    // One more crash while the outbox drains.
    await sleep(200);
    await kill();
    kills += 1;
    await start();

    const allLogged = () => {
      for (let i = 0; i < CALLS; i++) {
        const want = expectedCall(PREFIX, i);
        if (!taskMatches(standIn.tasks.get(`agent-1:${want.callId}`), want)) return false;
      }
      return true;
    };
    const deadline = Date.now() + 120_000;
    let outbox = { pending: -1, dead: -1, delivered: -1 };
    while (Date.now() < deadline) {
      const res = await fetch(`${base}/api/v1/admin/outbox`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      outbox = (await res.json()) as typeof outbox;
      // Every activity must be final, not just there: a wrap-up held by a killed instance's fold claim comes later.
      if (standIn.tasks.size >= CALLS && outbox.pending === 0 && allLogged()) break;
      await sleep(250);
    }

    let wrong = 0;
    for (let i = 0; i < CALLS; i++) {
      const want = expectedCall(PREFIX, i);
      const ok = taskMatches(standIn.tasks.get(`agent-1:${want.callId}`), want);
      if (!ok) wrong += 1;
    }
    console.log(
      `      seed ${SEED}: ${kills} SIGKILLs, ${resent} requests resent; CRM stand-in: ${standIn.counts.upserts} upsert requests, ` +
        `${standIn.counts.failedWhole} failed whole (503), ${standIn.counts.locked} items locked, ${standIn.counts.expired} sessions expired; ` +
        `${standIn.tasks.size} activities (${standIn.inserts.length} inserts, ${standIn.counts.updated} updates), ${wrong} wrong; ` +
        `outbox pending ${outbox.pending}, dead ${outbox.dead}, delivered ${outbox.delivered}`,
    );
    assert.ok(kills >= 3, `the connector was killed ${kills} times`);
    assert.equal(standIn.tasks.size, CALLS, 'one activity per call');
    assert.equal(wrong, 0, 'every activity has the right duration, result and notes');
    assert.equal(outbox.pending, 0);
    assert.equal(outbox.dead, 0);
  });
});
