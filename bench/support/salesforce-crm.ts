/**
 * The connector as production runs it against Salesforce, for the benchmarks: the real entry point in its own process
 * (test/process/connector-process.ts), on the embedded SQLite store, with the Salesforce settings the process tests
 * use, pointed at the Salesforce stand-in (test/stand-ins/salesforce-stand-in.ts) over real HTTP on loopback. Every
 * outbox and CRM setting is left at its default, so what is measured is the product as shipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectorProcess } from '../../test/process/connector-process.js';
import { freePort } from '../../test/process/posted-calls.js';
import { SalesforceStandIn } from '../../test/stand-ins/salesforce-stand-in.js';

export const API_VERSION = '62.0';
export const CALL_ID_FIELD = 'CTI_Call_Id__c';

/** An agent signed in to the connector, as a widget holds it. */
export interface SignedInAgent {
  readonly id: string;
  readonly token: string;
}

/** What `GET /api/v1/admin/outbox` counts. */
export interface OutboxCounts {
  readonly pending: number;
  readonly dead: number;
  readonly delivered: number;
}

export class SalesforceConnector {
  private constructor(
    readonly base: string,
    readonly standIn: SalesforceStandIn,
    private readonly connector: ConnectorProcess,
    private readonly dataDir: string,
    private readonly adminToken: string,
  ) {}

  /**
   * Starts the stand-in, then the connector on it; stops what started if the connector does not come up. `settings`:
   * environment variables to set beyond the defaults (a trade-off the benchmark shows apart).
   */
  static async start(settings: Readonly<Record<string, string>> = {}): Promise<SalesforceConnector> {
    const standIn = new SalesforceStandIn({ apiVersion: API_VERSION, externalIdField: CALL_ID_FIELD });
    await standIn.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-crm-'));
    let connector: ConnectorProcess | null = null;
    try {
      const port = await freePort();
      const adminToken = randomBytes(24).toString('base64url');
      connector = new ConnectorProcess({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        ADMIN_TOKEN: adminToken,
        CRM: 'salesforce',
        SF_LOGIN_URL: standIn.url,
        SF_CLIENT_ID: 'bench-consumer-key',
        SF_REFRESH_TOKEN: 'bench-refresh-token',
        ...settings,
      });
      const started = connector;
      await started.waitFor('the ready line', () => (/Connector ready/.test(started.stderr) ? true : undefined), 30_000);
      return new SalesforceConnector(`http://127.0.0.1:${port}`, standIn, started, dataDir, adminToken);
    } catch (error) {
      await stopAll(connector, standIn, dataDir);
      throw error;
    }
  }

  /** Creates `count` agents, each with a CRM user id (the owner of its Tasks), and signs each in with its key. */
  async signInAgents(count: number): Promise<SignedInAgent[]> {
    const agents: SignedInAgent[] = [];
    for (let n = 0; n < count; n++) {
      const id = `agent-${n}`;
      const crmUserId = `005xx${String(n).padStart(10, '0')}`;
      const { signInKey } = await this.json<{ signInKey: string }>('/api/v1/admin/agents', 201, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id, name: `Bench Agent ${n}`, crmUserId }),
      });
      const { token } = await this.json<{ token: string }>('/api/v1/auth/local', 200, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: signInKey }),
      });
      agents.push({ id, token });
    }
    return agents;
  }

  outbox(): Promise<OutboxCounts> {
    return this.json<OutboxCounts>('/api/v1/admin/outbox', 200, { headers: { authorization: `Bearer ${this.adminToken}` } });
  }

  /** Stops the connector (SIGTERM, SIGKILL if it hangs), stops the stand-in and removes the DATA_DIR; never throws. */
  stop(): Promise<void> {
    return stopAll(this.connector, this.standIn, this.dataDir);
  }

  private async json<T>(resource: string, status: number, init: RequestInit): Promise<T> {
    const res = await fetch(`${this.base}${resource}`, init);
    if (res.status !== status) throw new Error(`${init.method ?? 'GET'} ${resource} answered HTTP ${res.status}, not ${status}: ${await res.text()}`);
    return (await res.json()) as T;
  }
}

async function stopAll(connector: ConnectorProcess | null, standIn: SalesforceStandIn, dataDir: string): Promise<void> {
  if (connector?.running) {
    connector.kill('SIGTERM');
    const exited = await connector.waitForExit(15_000).then(() => true, () => false);
    if (!exited) {
      connector.kill('SIGKILL');
      await connector.waitForExit(5000).catch(() => undefined);
    }
  }
  await standIn.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
}

/** A point in the stand-in's traffic, to count what came after it. */
export interface TrafficMark {
  readonly counts: SalesforceStandIn['counts'];
  readonly requestIndex: number;
}

/** What reached the stand-in since a mark: every request, and the API requests past authentication by kind. */
export interface CrmTraffic {
  readonly total: number;
  readonly tokens: number;
  /** Requests answered 401 INVALID_SESSION_ID. */
  readonly refusedSessions: number;
  /** Task upserts sent with `TaskSubtype` (the first try of every batch). */
  readonly upserts: number;
  /** Task upserts sent again without `TaskSubtype`, for the Tasks of a batch that already existed. */
  readonly resends: number;
  /** Records in all those upserts (a record resent counts twice). */
  readonly records: number;
  readonly largestUpsert: number;
  readonly lookups: number;
  readonly other: number;
  readonly created: number;
  readonly updated: number;
}

export function markTraffic(standIn: SalesforceStandIn): TrafficMark {
  return { counts: { ...standIn.counts }, requestIndex: standIn.requests.length };
}

export function trafficSince(standIn: SalesforceStandIn, mark: TrafficMark): CrmTraffic {
  let upserts = 0;
  let resends = 0;
  let records = 0;
  let largestUpsert = 0;
  let lookups = 0;
  let other = 0;
  for (const request of standIn.requests.slice(mark.requestIndex)) {
    const body = request.body as { records?: Record<string, unknown>[] } | null;
    if (request.method === 'PATCH' && Array.isArray(body?.records)) {
      if (body.records.some((record) => 'TaskSubtype' in record)) upserts += 1;
      else resends += 1;
      records += body.records.length;
      largestUpsert = Math.max(largestUpsert, body.records.length);
    } else if (/\/(query|search)\/?\?/.test(request.path)) lookups += 1;
    else other += 1;
  }
  const since = (key: keyof TrafficMark['counts']) => standIn.counts[key] - mark.counts[key];
  return {
    total: since('requests'),
    tokens: since('tokenRequests'),
    refusedSessions: since('expired'),
    upserts,
    resends,
    records,
    largestUpsert,
    lookups,
    other,
    created: since('created'),
    updated: since('updated'),
  };
}

export function describeTraffic(traffic: CrmTraffic): string {
  const { total, tokens, refusedSessions, upserts, resends, records, largestUpsert, lookups, other, created, updated } = traffic;
  const perUpsert = upserts + resends === 0 ? 0 : records / (upserts + resends);
  return (
    `${total} requests to Salesforce: ${tokens} token, ${upserts} Task upserts with TaskSubtype + ${resends} resent without it ` +
    `(for Tasks that already existed), ${lookups} lookups, ${refusedSessions} refused sessions, ${other} other; ` +
    `${records} records upserted (${perUpsert.toFixed(1)} per request, at most ${largestUpsert}), ${created} Tasks created, ${updated} updates`
  );
}
