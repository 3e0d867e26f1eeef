import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configSchema } from '../../connector/src/config/config-schema.js';
import { REPO_ROOT } from '../../connector/src/paths.js';
import { freeTcpPort } from '../../test/stack/free-port.js';
import { inPool } from './in-pool.js';
import { sendJson } from './json-request.js';
import type { ServerInstall } from './server-install.js';
import { ServerProcess } from './server-process.js';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef-0123456789';

export interface BenchConnectorOptions {
  /** Settings beyond the port, data folder and admin token (`CRM`, `RATE_LIMIT_API`...); the rest keep their defaults. */
  readonly settings?: Record<string, string>;
  /** Node flags, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
}

/** An agent the admin API created, with the sign-in key its widget signs in with. */
export interface BenchAgent {
  readonly id: string;
  readonly signInKey: string;
}

/**
 * The connector as `npm start` runs it (`node dist/connector/src/main.js`, from the repository root) on a free loopback
 * port with a fresh data folder: the SQLite store (in the system's temporary folder, on disk), the demo CRM unless
 * `CRM` says otherwise, the outbox worker and heartbeat reaper as in production. Its JSON log goes to a file in the data
 * folder. No setting of the shell that runs the benchmark reaches it.
 */
export class BenchConnector {
  private constructor(
    readonly baseUrl: string,
    readonly dataDir: string,
    private readonly server: ServerProcess,
  ) {}

  static async start(install: ServerInstall, options: BenchConnectorOptions = {}): Promise<BenchConnector> {
    const port = await freeTcpPort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-connector-'));
    try {
      const server = await ServerProcess.start({
        what: 'the connector',
        main: install.connectorMain,
        nodeArgs: options.nodeArgs ?? [],
        cwd: REPO_ROOT,
        env: { ...settingsFreeEnv(), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN: BENCH_ADMIN_TOKEN, ...options.settings },
        stdoutFile: path.join(dataDir, 'connector.log'),
        ready: /Connector ready/,
        readyWithinMs: 30_000,
      });
      return new BenchConnector(`http://127.0.0.1:${port}`, dataDir, server);
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  get pid(): number {
    return this.server.pid;
  }

  /** The SQLite store's file; read it only once {@link stop} resolved. */
  get databaseFile(): string {
    return path.join(this.dataDir, 'connector.sqlite');
  }

  /**
   * Creates agents `<prefix>-1`... through the admin API, a few requests at a time, as an admin's script would. `sip`:
   * no SIP account, one with a strong random password (the admin API checks its strength with zxcvbn), or an
   * ephemeral one whose credentials the connector mints (needs `SIP_EPHEMERAL_SECRET`).
   */
  async createAgents(count: number, prefix: string, sip: 'none' | 'password' | 'ephemeral'): Promise<BenchAgent[]> {
    const agents: BenchAgent[] = new Array(count);
    await inPool(count, 4, async (i) => {
      const id = `${prefix}-${i + 1}`;
      const username = `${prefix}${i + 1}`;
      const account = sip === 'password' ? { username, password: `Sip-${i + 1}-${crypto.randomUUID()}` } : { kind: 'ephemeral', username };
      const answer = await sendJson<{ signInKey: string }>(this.baseUrl, 'POST', '/api/v1/admin/agents', BENCH_ADMIN_TOKEN, {
        id,
        name: `Bench agent ${i + 1}`,
        ...(sip === 'none' ? {} : { sip: account }),
      });
      agents[i] = { id, signInKey: answer.signInKey };
    });
    return agents;
  }

  /** Signs an agent in with its key, as its widget does; answers the session token. */
  async signIn(agent: BenchAgent): Promise<string> {
    return (await sendJson<{ token: string }>(this.baseUrl, 'POST', '/api/v1/auth/local', null, { key: agent.signInKey })).token;
  }

  /** One sample's value from `GET /metrics` (Prometheus text), e.g. `connector_calls_in_progress`. */
  async metric(name: string): Promise<number> {
    const response = await fetch(`${this.baseUrl}/metrics`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text}`);
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    if (!match) throw new Error(`GET /metrics has no ${name}`);
    return Number(match[1]);
  }

  /** A graceful stop (SIGTERM); the data folder stays until {@link close}. */
  stop(): Promise<void> {
    return this.server.stop();
  }

  /**
   * Stops it if it runs and removes its data folder. Fails, with its stderr and the end of its log, if it had exited
   * by itself (a crash under load is a finding, never to be lost behind the client's ECONNRESET).
   */
  async close(): Promise<void> {
    const crashed = this.server.exitedBy;
    const logTail = crashed === null ? '' : lastLines(path.join(this.dataDir, 'connector.log'), 20);
    try {
      await this.server.stop();
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
    if (crashed !== null) throw new Error(`${crashed}\nthe end of its log:\n${logTail}`);
  }
}

/** The benchmark's environment without any connector setting, so the developer's shell cannot change the result. */
function settingsFreeEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !(key in configSchema.shape)) env[key] = value;
  }
  return env;
}

function lastLines(file: string, count: number): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
}
