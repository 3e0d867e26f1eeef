import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectorProcess } from '../../process/connector-process.js';
import { freeTcpPort } from '../../stack/free-port.js';

export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef-0123456789';

/** Which CRM the connector talks to: its embedded demo CRM, or Salesforce's API at a stand-in's URL. */
export type E2eCrm = { readonly kind: 'demo' } | { readonly kind: 'salesforce'; readonly loginUrl: string };

export interface E2eConnectorOptions {
  readonly crm: E2eCrm;
  /** The SIP server agents register with: the stack's domain and WebSocket URL. */
  readonly sip: { readonly domain: string; readonly wsUrl: string };
  /** `HEARTBEAT_TIMEOUT_MS`: how long a call whose widget went silent lives before the connector ends and logs it. */
  readonly heartbeatTimeoutMs?: number;
  /** `CRM_ORIGINS`: the CRM pages that may frame the widget and call the agent API. */
  readonly crmOrigins?: readonly string[];
}

/** An agent the admin API created, with the sign-in key the agent pastes into the widget (the local sign-in). */
export interface E2eAgent {
  readonly id: string;
  readonly signInKey: string;
}

/**
 * The real connector (`connector/src/main.ts`) in its own process, as `npm start` runs it, on a free loopback port with
 * a fresh data folder: the SQLite store, the outbox worker and the heartbeat reaper all run as in production. It serves
 * the widget bundle `npm run build` writes to `dist/widget`.
 */
export class E2eConnector {
  private constructor(
    readonly baseUrl: string,
    readonly process: ConnectorProcess,
    private readonly dataDir: string,
  ) {}

  static async start(options: E2eConnectorOptions): Promise<E2eConnector> {
    const port = await freeTcpPort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'e2e-connector-'));
    const crmEnv: Record<string, string> =
      options.crm.kind === 'demo'
        ? { CRM: 'demo' }
        : { CRM: 'salesforce', SF_LOGIN_URL: options.crm.loginUrl, SF_CLIENT_ID: 'e2e-consumer-key', SF_REFRESH_TOKEN: 'e2e-refresh-token' };
    const child = new ConnectorProcess({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      SIP_DOMAIN: options.sip.domain,
      SIP_WS_URL: options.sip.wsUrl,
      OUTBOX_FLUSH_MS: '100',
      HEARTBEAT_TIMEOUT_MS: String(options.heartbeatTimeoutMs ?? 90_000),
      ...(options.crmOrigins?.length ? { CRM_ORIGINS: options.crmOrigins.join(',') } : {}),
      ...crmEnv,
    });
    const connector = new E2eConnector(`http://127.0.0.1:${port}`, child, dataDir);
    try {
      await child.waitFor('the connector to listen', () => (/Connector ready/.test(child.stderr) ? true : undefined), 30_000);
    } catch (error) {
      await connector.stop();
      throw error;
    }
    return connector;
  }

  /** Creates an agent with a SIP account through the admin API, as an admin does; returns the agent's sign-in key. */
  async createAgent(args: { id: string; name: string; sipUsername: string; sipPassword: string; crmUserId?: string }): Promise<E2eAgent> {
    const response = await fetch(`${this.baseUrl}/api/v1/admin/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: args.id,
        name: args.name,
        ...(args.crmUserId ? { crmUserId: args.crmUserId } : {}),
        sip: { username: args.sipUsername, password: args.sipPassword },
      }),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`creating agent ${args.id} answered ${response.status}: ${text}`);
    return { id: args.id, signInKey: (JSON.parse(text) as { signInKey: string }).signInKey };
  }

  /** The connector's JSON at `path`, failing on anything but 200. */
  async getJson<T>(urlPath: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${urlPath}`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${urlPath} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** SIGTERM (a graceful shutdown), SIGKILL if it has not exited within 15 s; then removes its data folder. */
  async stop(): Promise<void> {
    try {
      if (this.process.running) {
        this.process.kill('SIGTERM');
        await this.process.waitForExit(15_000).catch(async () => {
          this.process.kill('SIGKILL');
          await this.process.waitForExit(5_000);
        });
      }
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}
