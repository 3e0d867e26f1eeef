import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import nock from 'nock';
import { HUB_CLIENT_SECRET } from '../auth/oauth/hubspot-fixtures.js';
import { closeTestApps } from '../http/test-app.js';
import { CredentialPool } from './support/fuzz-credentials.js';
import { anyRequest, credentialRequest, edgeBodyRequest, jsonRouteRequest, toWire, type FuzzRequest } from './support/fuzz-requests.js';
import { fuzzVerdict, type ForbiddenInAnswers } from './support/fuzz-verdict.js';
import { RawHttpClient } from './support/raw-http-client.js';
import { ADMIN_TOKEN, AGENTS, buildSecurityRig, EPHEMERAL_SECRET, SF_CLIENT_SECRET, SIP_PASSWORDS, type SecurityRig } from './support/security-rig.js';

/** Replay a run with FUZZ_SEED=<the seed it printed>. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);

describe('fuzz: generated requests against a listening connector', function () {
  this.timeout(240_000);
  let rig: SecurityRig;
  let server: Server;
  let client: RawHttpClient;
  let pool: CredentialPool;
  let widgetDir: string;
  let forbidden: ForbiddenInAnswers;
  const statuses = new Map<number, number>();
  const escaped: unknown[] = [];
  const onEscaped = (error: unknown) => escaped.push(error);
  let sent = 0;
  let nockWasActive = false;

  before(async () => {
    // Other test files load nock, which patches Node's HTTP client: its interceptor parses each request's URL and
    // throws on the odd ones this run sends on purpose. The fuzzing talks to the real server only.
    nockWasActive = nock.isActive();
    if (nockWasActive) nock.restore();
    widgetDir = mkdtempSync(path.join(tmpdir(), 'fuzz-widget-'));
    writeFileSync(path.join(widgetDir, 'index.html'), '<!doctype html><title>softphone</title>');
    // The real limiters, set high enough that the fuzzing reaches the routes behind them.
    rig = await buildSecurityRig({ demoSite: true, widgetDir, rateLimits: { signInPerMinute: 1e9, apiPerMinute: 1e9 } });
    server = rig.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    client = new RawHttpClient((server.address() as AddressInfo).port);
    pool = await CredentialPool.of(rig);
    const serverSecrets = [ADMIN_TOKEN, EPHEMERAL_SECRET, SF_CLIENT_SECRET, HUB_CLIENT_SECRET, ...Object.values(rig.signInKeys)];
    forbidden = {
      secrets: () => [...serverSecrets, ...pool.everIssued()],
      sipPasswords: () => [
        { agentId: AGENTS.a, password: SIP_PASSWORDS[AGENTS.a], token: pool.current('agentA') },
        { agentId: AGENTS.b, password: SIP_PASSWORDS[AGENTS.b], token: pool.current('agentB') },
      ],
    };
    process.on('unhandledRejection', onEscaped);
    console.log(`      fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  });

  after(async () => {
    process.off('unhandledRejection', onEscaped);
    if (nockWasActive) nock.activate();
    client?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await closeTestApps();
    rmSync(widgetDir, { recursive: true, force: true });
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');
    console.log(`      fuzz: ${sent} requests in total; by status ${byStatus}`);
  });

  /** Sends every generated request, checking each answer; fast-check shrinks a failing one to a small example. */
  async function fuzz(arbitrary: fc.Arbitrary<FuzzRequest>, numRuns: number, seedOffset: number): Promise<void> {
    const before = sent;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (req) => {
        const wire = toWire(req, pool);
        const res = await client.send(wire);
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problems = fuzzVerdict(wire, res, forbidden);
        // A fuzzed sign-out ends A's or B's sessions: issue new ones so valid sessions stay in play.
        if (res.status === 204 && wire.path.includes('sign-out')) await pool.renew();
        assert.deepEqual(problems, [], `${wire.method} ${wire.path.slice(0, 200)}`);
      }),
      { seed: SEED + seedOffset, numRuns },
    );
    console.log(`      fuzz: ${sent - before} requests, 0 surprises`);
  }

  it('survives any method, mutated path, query, header and body on the known routes without a 5xx or a leak', async () => {
    await fuzz(anyRequest, 4000, 0);
  });

  it('answers bodies of nearly the right shape on the JSON routes with a JSON error or a success, never a 5xx', async () => {
    await fuzz(jsonRouteRequest, 3000, 1);
  });

  it('refuses or accepts every kind of credential in every place without a 5xx or echoing it', async () => {
    await fuzz(credentialRequest, 2000, 2);
  });

  it('handles bodies near the size limit, bytes that are not UTF-8, odd encodings and deep nesting', async () => {
    await fuzz(edgeBodyRequest, 1000, 3);
  });

  it('is still alive and ready after the run, with no error escaping a request', async () => {
    const health = await client.send({ method: 'GET', path: '/readyz', headers: {} });
    assert.equal(health.status, 200, health.body.toString());
    assert.equal(server.listening, true);
    assert.deepEqual(escaped, []);
    assert.ok(sent >= 10_000, `at least 10,000 generated requests (sent ${sent})`);
  });
});
