import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Task as the stand-in holds it: the fields the connector sent, keyed by the Call-ID external id. */
export type StoredTask = Record<string, unknown>;

export interface StandInOptions {
  readonly apiVersion: string;
  readonly externalIdField: string;
  /** Share of upsert requests failed whole, with a 503 as Salesforce sends during an outage. */
  readonly failureRate: number;
  /** Share of items answered `UNABLE_TO_LOCK_ROW` in requests that do not fail whole. */
  readonly lockRate: number;
  /** Share of requests answered 401 `INVALID_SESSION_ID`, so the connector must log in again. */
  readonly expiredRate: number;
  readonly random: () => number;
}

/**
 * A local stand-in for the parts of Salesforce's REST API the connector uses to log calls: the OAuth token endpoint,
 * the versions resource and the sObject Collections upsert on an external id, with Salesforce's documented request and
 * response shapes. It records what it stores and how often, and fails on purpose at the configured rates.
 */
export class SalesforceStandIn {
  readonly tasks = new Map<string, StoredTask>();
  /** Every Task insert the stand-in performed, in order: an external id appearing twice is a duplicate activity. */
  readonly inserts: string[] = [];
  readonly counts = { requests: 0, tokenRequests: 0, upserts: 0, failedWhole: 0, expired: 0, locked: 0, created: 0, updated: 0 };
  private readonly validTokens = new Set<string>();
  private server: Server | null = null;
  url = '';

  constructor(private readonly options: StandInOptions) {}

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
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token') return this.token(res);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.validTokens.has(token) || this.options.random() < this.options.expiredRate) {
      if (token) this.validTokens.delete(token);
      this.counts.expired += 1;
      return send(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    if (req.method === 'GET' && url.pathname === `${api}/`) return send(res, 200, { sobjects: `${api}/sobjects` });
    if (req.method === 'PATCH' && url.pathname === `${api}/composite/sobjects/Task/${this.options.externalIdField}`) {
      return this.upsert(JSON.parse(body) as { allOrNone: boolean; records: StoredTask[] }, res);
    }
    send(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  }

  private token(res: ServerResponse): void {
    this.counts.tokenRequests += 1;
    const accessToken = `00Dstandin!${this.counts.tokenRequests}.${Math.floor(this.options.random() * 1e9)}`;
    this.validTokens.add(accessToken);
    send(res, 200, {
      access_token: accessToken,
      instance_url: this.url,
      id: `${this.url}/id/00Dxx0000001gPL/005xx000001SwiU`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: 'c3RhbmQtaW4=',
    });
  }

  private upsert(request: { allOrNone: boolean; records: StoredTask[] }, res: ServerResponse): void {
    this.counts.upserts += 1;
    if (this.options.random() < this.options.failureRate) {
      this.counts.failedWhole += 1;
      return send(res, 503, [{ message: 'Server temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
    }
    const results = request.records.map((record) => {
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
      if (existing) this.counts.updated += 1;
      else this.counts.created += 1;
      return { id, success: true, errors: [], created: !existing };
    });
    send(res, 200, results);
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
