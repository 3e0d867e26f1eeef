/*
 * A stand-in for the parts of Salesforce's REST API the connector uses, with Salesforce's documented request and
 * response shapes:
 * - https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm (token response)
 * - https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm and
 *   resources_discoveryresource.htm (the version's resource list, which `ping` reads)
 * - https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm (SOQL, see
 *   `answer-id-query.ts`) and resources_search.htm (SOSL, see `answer-phone-search.ts`)
 * - https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
 *   (upsert on an External ID: HTTP 200 with one `{id, success, errors, created}` per record, in order)
 * - https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm (error bodies)
 * - the agents' sign-in (web server flow with PKCE, identity URL): see `stand-in-oauth.ts`
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerIdQuery } from './answer-id-query.js';
import { answerPhoneSearch } from './answer-phone-search.js';
import { SalesforceFault } from './salesforce-fault.js';
import type { StandInOrg, StandInRecord } from './stand-in-record.js';
import { StandInOAuth, type StandInUser } from './stand-in-oauth.js';

export type { StandInRecord } from './stand-in-record.js';
export { DEFAULT_STAND_IN_USER, type StandInUser } from './stand-in-oauth.js';

/** A Task as the stand-in holds it: the fields the connector sent (not `attributes`), and its `Id`. */
export type StoredTask = Record<string, unknown>;

/** One API request the stand-in let through authentication. */
export interface StandInRequest {
  readonly method: string;
  /** The request target as sent: path and still-encoded query string, e.g. `/services/data/v62.0/query?q=SELECT...`. */
  readonly path: string;
  /** The parsed JSON body, or null when there was none. */
  readonly body: unknown;
}

export interface StandInOptions {
  readonly apiVersion: string;
  readonly externalIdField: string;
  /** The org's Contacts, Leads and Accounts, which queries and searches answer from; none by default. */
  readonly records?: readonly StandInRecord[];
  /** Share of upsert requests failed whole, with a 503 as Salesforce sends during an outage; 0 by default. */
  readonly failureRate?: number;
  /** Share of items answered `UNABLE_TO_LOCK_ROW` in requests that do not fail whole; 0 by default. */
  readonly lockRate?: number;
  /** Share of requests answered 401 `INVALID_SESSION_ID`, so the connector must log in again; 0 by default. */
  readonly expiredRate?: number;
  /**
   * How long each upsert request takes before it answers, its records held "in flight" meanwhile; 0 by default. With
   * it, `counts.overlapping` shows records upserted by two requests at once (two senders racing on one call).
   */
  readonly upsertDelayMs?: number;
  /** Drives the rates and the tokens issued; `Math.random` by default. */
  readonly random?: () => number;
  /** The only consumer key the agents' sign-in accepts; any by default. */
  readonly oauthClientId?: string;
  /** Who the agents' sign-in signs in until a test sets `oauth.signedInUser`; `DEFAULT_STAND_IN_USER` by default. */
  readonly signedInUser?: StandInUser;
}

/**
 * A local Salesforce on loopback: the OAuth token endpoint (any refresh token or assertion is accepted), the version's
 * resource list, record queries and phone searches over seeded records, and the Task upsert on an External ID. It
 * records what it stores, every request past authentication and how often each thing happened, and fails on purpose
 * at the configured rates. `oauth` is the agents' sign-in: authorize (auto-approving), the authorization_code grant
 * with PKCE, and the identity URL.
 */
export class SalesforceStandIn {
  readonly tasks = new Map<string, StoredTask>();
  /** Every Task insert the stand-in performed, in order: an external id appearing twice is a duplicate activity. */
  readonly inserts: string[] = [];
  /** When each Task's versions were stored (`Date.now()`), by external id, oldest first: the first is its creation. */
  readonly storedAt = new Map<string, number[]>();
  /** Every API request past authentication (token requests and 401s are not), in order of arrival. */
  readonly requests: StandInRequest[] = [];
  readonly counts = {
    requests: 0,
    tokenRequests: 0,
    upserts: 0,
    failedWhole: 0,
    expired: 0,
    locked: 0,
    created: 0,
    updated: 0,
    queries: 0,
    searches: 0,
    /** Records that arrived while a request still in flight held the same external id (see `upsertDelayMs`). */
    overlapping: 0,
  };
  /** External ids in upsert requests not answered yet, with how many such requests hold each. */
  private readonly inFlight = new Map<string, number>();
  /** Each access token issued, and the refresh token it was issued for (which client asked). */
  private readonly grants = new Map<string, string>();
  /** The refresh tokens behind the upsert requests not answered yet, one entry per request. */
  private readonly upsertsInFlight: string[] = [];
  readonly oauth: StandInOAuth;
  private readonly validTokens = new Set<string>();
  private readonly options: Required<Omit<StandInOptions, 'oauthClientId' | 'signedInUser'>>;
  private readonly org: StandInOrg;
  private server: Server | null = null;
  url = '';

  constructor(options: StandInOptions) {
    this.options = {
      apiVersion: options.apiVersion,
      externalIdField: options.externalIdField,
      records: options.records ?? [],
      failureRate: options.failureRate ?? 0,
      lockRate: options.lockRate ?? 0,
      expiredRate: options.expiredRate ?? 0,
      random: options.random ?? Math.random,
      upsertDelayMs: options.upsertDelayMs ?? 0,
    };
    this.org = { apiVersion: options.apiVersion, records: this.options.records };
    this.oauth = new StandInOAuth(() => this.url, options.oauthClientId ?? null);
    if (options.signedInUser) this.oauth.signedInUser = options.signedInUser;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counts.requests += 1;
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    const api = `/services/data/v${this.options.apiVersion}`;
    if (req.method === 'GET' && url.pathname === '/services/oauth2/authorize') return this.oauth.authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') === 'authorization_code') return this.oauth.codeGrant(form, res);
      return this.token(res, form.get('refresh_token') ?? '');
    }
    if (req.method === 'GET' && this.oauth.identity(url, req.headers.authorization, res)) return;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.validTokens.has(token) || this.options.random() < this.options.expiredRate) {
      if (token) this.validTokens.delete(token);
      this.counts.expired += 1;
      return send(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    this.requests.push({ method: req.method ?? '', path: req.url ?? '/', body: body === '' ? null : readJson(body) ?? body });
    try {
      if (req.method === 'GET' && url.pathname === `${api}/`) return send(res, 200, resourceList(api));
      if (req.method === 'GET' && (url.pathname === `${api}/query` || url.pathname === `${api}/query/`)) {
        this.counts.queries += 1;
        return send(res, 200, answerIdQuery(this.org, url.searchParams.get('q')));
      }
      if (req.method === 'GET' && (url.pathname === `${api}/search` || url.pathname === `${api}/search/`)) {
        this.counts.searches += 1;
        return send(res, 200, answerPhoneSearch(this.org, url.searchParams.get('q')));
      }
      if (req.method === 'PATCH' && url.pathname === `${api}/composite/sobjects/Task/${this.options.externalIdField}`) {
        const request = readJson(body) as { allOrNone?: unknown; records?: unknown } | null;
        if (request === null || !Array.isArray(request.records)) {
          throw new SalesforceFault(400, 'JSON_PARSER_ERROR', 'The request body must be JSON with a records array');
        }
        return await this.upsert(request.records as StoredTask[], res, this.grants.get(token) ?? '');
      }
    } catch (error) {
      if (error instanceof SalesforceFault) return send(res, error.status, error.body());
      throw error;
    }
    send(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  }

  private token(res: ServerResponse, refreshToken: string): void {
    this.counts.tokenRequests += 1;
    const accessToken = `00Dstandin!${this.counts.tokenRequests}.${Math.floor(this.options.random() * 1e9)}`;
    this.validTokens.add(accessToken);
    this.grants.set(accessToken, refreshToken);
    send(res, 200, {
      access_token: accessToken,
      instance_url: this.url,
      id: `${this.url}/id/00Dxx0000001gPL/005xx000001SwiU`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: 'c3RhbmQtaW4=',
    });
  }

  /** Whether an upsert request of the client holding `refreshToken` is in flight (see `upsertDelayMs`). */
  upsertInFlightFor(refreshToken: string): boolean {
    return this.upsertsInFlight.includes(refreshToken);
  }

  private async upsert(records: StoredTask[], res: ServerResponse, grant: string): Promise<void> {
    this.counts.upserts += 1;
    if (this.options.upsertDelayMs > 0) {
      this.upsertsInFlight.push(grant);
      const keys = records.map((record) => String(record[this.options.externalIdField]));
      for (const key of keys) {
        const holders = this.inFlight.get(key) ?? 0;
        if (holders > 0) this.counts.overlapping += 1;
        this.inFlight.set(key, holders + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.upsertDelayMs));
      this.upsertsInFlight.splice(this.upsertsInFlight.indexOf(grant), 1);
      for (const key of keys) {
        const holders = (this.inFlight.get(key) ?? 1) - 1;
        if (holders === 0) this.inFlight.delete(key);
        else this.inFlight.set(key, holders);
      }
    }
    if (this.options.random() < this.options.failureRate) {
      this.counts.failedWhole += 1;
      return send(res, 503, [{ message: 'Server temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
    }
    const results = records.map(({ attributes: _attributes, ...record }) => {
      const key = String(record[this.options.externalIdField]);
      if (this.options.random() < this.options.lockRate) {
        this.counts.locked += 1;
        return { success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] }] };
      }
      const existing = this.tasks.get(key);
      if (existing && 'TaskSubtype' in record) {
        // As Salesforce does: TaskSubtype can be set when a Task is created, not changed by an update.
        return { success: false, errors: [{ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: 'Unable to create/update fields: TaskSubtype. Please check the security settings of this field and verify that it is read/write for your profile or permission set.', fields: ['TaskSubtype'] }] };
      }
      if (!existing) this.inserts.push(key);
      const id = (existing?.Id as string | undefined) ?? `00T${String(this.tasks.size + 1).padStart(15, '0')}`;
      this.tasks.set(key, { ...existing, ...record, Id: id });
      this.storedAt.set(key, [...(this.storedAt.get(key) ?? []), Date.now()]);
      if (existing) this.counts.updated += 1;
      else this.counts.created += 1;
      return { id, success: true, errors: [], created: !existing };
    });
    send(res, 200, results);
  }
}

/** The version's resource list, trimmed to the resources the stand-in serves. */
function resourceList(api: string): Record<string, string> {
  return { sobjects: `${api}/sobjects`, query: `${api}/query`, search: `${api}/search`, composite: `${api}/composite` };
}

/** The JSON in `text`, or null when it is not JSON. */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
}
