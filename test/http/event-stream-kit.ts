import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionTokens } from '../../connector/src/auth/session-tokens.js';
import type { CrmAdapter } from '../../connector/src/crm/crm-adapter.js';
import { createApp, NO_CALL_LIMITS } from '../../connector/src/http/app.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { createMetrics } from '../../connector/src/observability/metrics.js';
import type { AgentPush, AgentPushMessage } from '../../connector/src/push/agent-push.js';
import { SecretBox } from '../../connector/src/secrets/secret-box.js';
import { NumberService } from '../../connector/src/services/number-service.js';
import { TenantPolicy } from '../../connector/src/services/tenant-policy.js';
import { SqliteStore } from '../../connector/src/store/sqlite-store.js';
import { FakeCrm } from './fake-crm.js';
import { ADMIN, SOFTPHONE } from './sip-test-kit.js';
import { CALL_POLICY, DIAL_PLAN } from './test-app.js';

/** One connector instance listening on a loopback port, as event streams need (supertest cannot stream). */
export interface ListeningConnector {
  readonly baseUrl: string;
  readonly store: SqliteStore;
  readonly server: Server;
  /** Admin API call with the admin token; the answer's status and JSON (null for none). */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Creates an agent through the admin API and signs it in with its key; its session token. */
  agent(id: string, extra?: Record<string, unknown>): Promise<string>;
  /** Closes the server (every connection) and the store; the push is the test's to close, first. */
  close(): Promise<void>;
}

/** A connector app on its own in-memory store, with the given push channel, CRM and session tokens. */
export async function listeningConnector(args: { push: AgentPush; crm?: CrmAdapter; sessionTokens?: SessionTokens }): Promise<ListeningConnector> {
  const store = SqliteStore.open(':memory:');
  const crm = args.crm ?? new FakeCrm([]);
  const tenantPolicy = new TenantPolicy({ store, configured: { callPolicy: CALL_POLICY, callLimits: NO_CALL_LIMITS } });
  const app = createApp({
    logger: createLogger('silent'),
    metrics: createMetrics({ collectProcessMetrics: false }),
    store,
    crm,
    numbers: new NumberService({ crm, dialPlan: DIAL_PLAN, callPolicy: CALL_POLICY, policySource: () => tenantPolicy.callPolicy() }),
    bodyLimitBytes: 100 * 1024,
    demoCrm: null,
    isShuttingDown: () => false,
    adminToken: ADMIN,
    onCallsEnded: () => {},
    onReplay: () => {},
    secretBox: new SecretBox(randomBytes(32)),
    softphone: SOFTPHONE,
    tenantPolicy,
    push: args.push,
    ...(args.sessionTokens ? { sessionTokens: args.sessionTokens } : {}),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
  return {
    baseUrl,
    store,
    server,
    admin: (method, path, body) => call(method, `/api/v1/admin${path}`, { authorization: `Bearer ${ADMIN}` }, body),
    async agent(id, extra = {}) {
      const created = await call('POST', '/api/v1/admin/agents', { authorization: `Bearer ${ADMIN}` }, { id, name: id, ...extra });
      if (created.status !== 201) throw new Error(`creating ${id} answered ${created.status}: ${JSON.stringify(created.body)}`);
      const signedIn = await call('POST', '/api/v1/auth/local', {}, { key: (created.body as { signInKey: string }).signInKey });
      if (signedIn.status !== 200) throw new Error(`signing ${id} in answered ${signedIn.status}`);
      return (signedIn.body as { token: string }).token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

/**
 * `GET /api/v1/agent/events` read as a browser would with fetch: the answer's status and headers, then each `data:`
 * event parsed (a deliberately plain parser: the widget's own is tested on its own), comments kept apart.
 */
export class EventStream {
  readonly messages: AgentPushMessage[] = [];
  readonly comments: string[] = [];
  /** Resolves when the connector ended the stream. */
  readonly ended: Promise<void>;
  private buffer = '';
  private taken = 0;
  private wake: (() => void) | null = null;
  private done = false;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.ended = this.read();
  }

  static async open(baseUrl: string, token: string | null): Promise<EventStream> {
    const abort = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${baseUrl}/api/v1/agent/events`, { headers, signal: abort.signal });
    return new EventStream(response, abort);
  }

  /** The next message not taken yet; rejects after `timeoutMs`, or when the stream ended without one. */
  async next(timeoutMs = 3000): Promise<AgentPushMessage> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length <= this.taken) {
      if (this.done) throw new Error(`the stream ended (after ${JSON.stringify(this.messages)})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms (after ${JSON.stringify(this.messages)})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.messages[this.taken++]!;
  }

  /** Resolves once `check` holds on what arrived (checked at each block the stream delivers); rejects after `timeoutMs`. */
  async until(check: (stream: EventStream) => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this)) {
      const left = deadline - Date.now();
      if (left <= 0 || this.done) throw new Error(`the condition never held (comments ${JSON.stringify(this.comments)}, messages ${JSON.stringify(this.messages)})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Hangs up, as a closing browser tab does. */
  close(): void {
    this.abort.abort();
  }

  private async read(): Promise<void> {
    const body = this.response.body;
    if (!this.response.ok || !body) {
      this.done = true;
      return;
    }
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) this.messages.push(JSON.parse(line.slice(6)) as AgentPushMessage);
            else if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
          }
          this.wake?.();
        }
      }
    } catch {
      // Aborted by `close`.
    } finally {
      this.done = true;
      this.wake?.();
    }
  }
}
