import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SalesforceStandIn } from '../stand-ins/salesforce-stand-in.js';
import type { TestSchema } from '../support/postgres.js';
import { ConnectorProcess } from './connector-process.js';
import { freePort } from './posted-calls.js';

export const ADMIN_TOKEN = 'scale-out-admin-token-0123456789abcdef';
/** Short, so a killed instance's claims are taken over within a test; the real default is 30 s. */
const LEASE_MS = 5000;

/**
 * Connector processes on one PostgreSQL schema and one Salesforce stand-in, each with its own port and DATA_DIR and
 * everything else shared, as docs/scale-out.md says. They start at once, so the first start's migrations race.
 */
export class ConnectorCluster {
  private constructor(
    readonly connectors: ConnectorProcess[],
    readonly bases: string[],
    private readonly dataDirs: string[],
  ) {}

  static async start(args: { instances: number; schema: TestSchema; standIn: SalesforceStandIn }): Promise<ConnectorCluster> {
    const secretsKey = randomBytes(32).toString('base64');
    const connectors: ConnectorProcess[] = [];
    const bases: string[] = [];
    const dataDirs: string[] = [];
    for (let n = 0; n < args.instances; n++) {
      const port = await freePort();
      const dataDir = mkdtempSync(path.join(tmpdir(), `cti-cluster-${n}-`));
      dataDirs.push(dataDir);
      bases.push(`http://127.0.0.1:${port}`);
      connectors.push(new ConnectorProcess(instanceEnv({ n, port, dataDir, schema: args.schema, secretsKey, standIn: args.standIn })));
    }
    const cluster = new ConnectorCluster(connectors, bases, dataDirs);
    await Promise.all(connectors.map((c) => c.waitFor('the ready line', () => (/Connector ready/.test(c.stderr) ? true : undefined), 30_000)));
    return cluster;
  }

  /** Kills what still runs and removes the DATA_DIRs. */
  async stop(): Promise<void> {
    for (const connector of this.connectors) {
      if (connector.running) {
        connector.kill('SIGKILL');
        await connector.waitForExit(5000).catch(() => undefined);
      }
    }
    for (const dir of this.dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** Each instance's CRM refresh token, so the stand-in can tell whose request is in flight. */
export function refreshTokenOf(instance: number): string {
  return `scale-test-refresh-token-${instance}`;
}

function instanceEnv(args: { n: number; port: number; dataDir: string; schema: TestSchema; secretsKey: string; standIn: SalesforceStandIn }): Record<string, string> {
  const { n, port, dataDir, schema, secretsKey, standIn } = args;
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    SECRETS_KEY: secretsKey,
    LOG_LEVEL: 'warn',
    CRM: 'salesforce',
    SF_LOGIN_URL: standIn.url,
    SF_CLIENT_ID: 'scale-test-consumer-key',
    // One per instance, so the stand-in can tell whose request is in flight.
    SF_REFRESH_TOKEN: refreshTokenOf(n),
    CRM_TIMEOUT_MS: '2000',
    ADMIN_TOKEN,
    OUTBOX_FLUSH_MS: '50',
    OUTBOX_BATCH_SIZE: '50',
    OUTBOX_LEASE_MS: String(LEASE_MS),
    RETRY_BASE_MS: '20',
    RETRY_MAX_MS: '400',
    BREAKER_THRESHOLD: '8',
    BREAKER_COOLDOWN_MS: '200',
    RATE_LIMIT_API: '100000',
  };
}

