import { readAgentSession, type AgentSession, type SignInMethod } from './agent-session.js';
import type { AuthApi } from './auth-api.js';
import { ConnectorError } from './connector-api.js';
import { browserTimers, type FetchLike, type Timers } from './connector-ports.js';
import { connectorRequest } from './connector-request.js';
import { readConnectorAnswer } from './connector-response.js';
import { ConnectorUnreachableError } from './connector-unreachable-error.js';

const METHODS: readonly SignInMethod[] = ['key', 'salesforce', 'hubspot'];

/** `AuthApi` over `fetch`. */
export class HttpAuthApi implements AuthApi {
  private readonly fetch: FetchLike;
  private readonly timers: Timers;
  private readonly timeoutMs: number;

  constructor(
    private readonly options: {
      /** The connector's base URL (`https://cti.example.com`), or `''` for the page's own. */
      readonly baseUrl: string;
      readonly fetch?: FetchLike;
      readonly timers?: Timers;
      readonly requestTimeoutMs?: number;
    },
  ) {
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.timers = options.timers ?? browserTimers;
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  async methods(): Promise<readonly SignInMethod[]> {
    const body = (await this.ask('GET', '/api/v1/auth/methods', null)) as { methods?: unknown } | null;
    const offered = Array.isArray(body?.methods) ? body.methods : [];
    // `key` is always there: the admin can hand out a key whatever CRM the connector talks to.
    return METHODS.filter((m) => m === 'key' || offered.includes(m));
  }

  signInWithKey(key: string): Promise<AgentSession> {
    return this.session(this.ask('POST', '/api/v1/auth/local', null, { key }));
  }

  refresh(token: string): Promise<AgentSession> {
    return this.session(this.ask('POST', '/api/v1/auth/refresh', token));
  }

  async signOut(token: string): Promise<void> {
    await this.ask('POST', '/api/v1/auth/sign-out', token);
  }

  private async session(answer: Promise<unknown>): Promise<AgentSession> {
    const session = readAgentSession(await answer);
    if (!session) throw badAnswer();
    return session;
  }

  private async ask(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
      response = await connectorRequest({ fetch: this.fetch, timers: this.timers, url, method, token, body, timeoutMs: this.timeoutMs });
    } catch (error) {
      throw new ConnectorUnreachableError(undefined, { cause: error });
    }
    if (!response.ok) throw (await readConnectorAnswer(response)).error;
    if (response.status === 204) return null;
    try {
      return (await response.json()) as unknown;
    } catch {
      throw badAnswer();
    }
  }
}

function badAnswer(): ConnectorError {
  return new ConnectorError(200, 'BAD_RESPONSE', 'The connector sent an answer the widget cannot read; check the connector address.');
}
