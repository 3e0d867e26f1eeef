import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { AgentPush, AgentPushMessage, PublishedPushMessage, PushAddress } from './agent-push.js';
import { decodePushPayload, encodePushPayload } from './push-payload.js';
import { PushSubscribers } from './push-subscribers.js';

/** PostgreSQL cuts identifiers at 63 bytes, and `pg_notify` refuses longer channel names. */
const MAX_CHANNEL_LENGTH = 63;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export interface PgAgentPushOptions {
  /** The database every instance shares (`DATABASE_URL`); its password never reaches a log or an error message. */
  readonly url: string;
  /** The store's schema (`DATABASE_SCHEMA`): instances on one schema share one channel, other schemas never hear it. */
  readonly schema?: string;
  readonly logger?: Logger;
  /** Waits before listening again after the connection dropped: doubling from `baseMs` up to `maxMs`, jittered. */
  readonly reconnect?: { readonly baseMs: number; readonly maxMs: number };
  /**
   * How often the listening connection is checked with `SELECT 1`, so a connection a NAT dropped silently is noticed.
   * A connection counts as healthy (its backoff forgotten) only once a ping has succeeded on it.
   */
  readonly pingIntervalMs?: number;
  /** `resync` reaches subscribers at most this often (a flapping connection must not make every widget read again and again). */
  readonly minResyncIntervalMs?: number;
  /** The listener's `application_name`, as `pg_stat_activity` shows it. */
  readonly applicationName?: string;
}

/** The NOTIFY channel of the instances sharing `schema`: `cti_push_<schema>`, or `cti_push` with no schema. */
export function pushChannelName(schema?: string): string {
  if (schema === undefined) return 'cti_push';
  if (!SCHEMA_NAME.test(schema)) throw new RangeError('the push channel schema must be a PostgreSQL schema name: lower-case letters, digits and _');
  const name = `cti_push_${schema}`;
  // A long schema name is hashed rather than cut, so two schemas sharing their first letters never share a channel.
  return name.length <= MAX_CHANNEL_LENGTH ? name : `cti_push_${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

/**
 * The channel between connector instances sharing one PostgreSQL database: `publish` is `pg_notify` on a small pool,
 * and one dedicated connection per instance LISTENs and hands every notification to this instance's subscribers.
 *
 * Promises, beyond `AgentPush`'s:
 * - When the listening connection drops (an error, the server ending it, a failed ping), it is opened again with
 *   backoff for as long as the channel is open, and once it listens again every subscriber gets `resync`:
 *   notifications sent meanwhile are lost for this instance. The backoff keeps growing across connections that drop
 *   before their first ping succeeded, and `resync` comes at most once per `minResyncIntervalMs` (a later one waits
 *   for its turn, and is never dropped while the channel listens).
 * - Notifications that are not a push envelope (another program on the channel) are ignored.
 * - Errors and logs name the database by host, port and name, never with the URL's password.
 */
export class PgAgentPush implements AgentPush {
  readonly kind = 'postgres';
  readonly channel: string;
  readonly #options: PgAgentPushOptions;
  readonly #subscribers: PushSubscribers;
  readonly #pool: pg.Pool;
  readonly #target: string;
  #client: pg.Client | null = null;
  #ping: ReturnType<typeof setInterval> | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #resync: ReturnType<typeof setTimeout> | null = null;
  #lastResyncAt = -Infinity;
  /** Connections in a row that failed to open, or dropped before a ping proved them healthy. */
  #failures = 0;
  #closed = false;

  private constructor(options: PgAgentPushOptions) {
    this.#options = options;
    this.channel = pushChannelName(options.schema);
    this.#target = describeDatabase(options.url);
    this.#subscribers = new PushSubscribers((error) => options.logger?.error({ err: error }, 'a push subscriber failed'));
    this.#pool = new pg.Pool({
      connectionString: options.url,
      max: 2,
      connectionTimeoutMillis: 10_000,
      application_name: `${this.#applicationName()} publish`,
    });
    // A pooled connection that breaks while idle is replaced at the next publish; unheard, its error would end the process.
    this.#pool.on('error', () => {});
  }

  /** A channel listening already: rejects (without the password) when the database cannot be reached. */
  static async open(options: PgAgentPushOptions): Promise<PgAgentPush> {
    const push = new PgAgentPush(options);
    try {
      await push.#listen();
    } catch (error) {
      await push.close();
      throw push.#error('cannot listen for pushes', error);
    }
    return push;
  }

  get subscriberCount(): number {
    return this.#subscribers.count;
  }

  async publish(address: PushAddress, message: PublishedPushMessage): Promise<void> {
    if (this.#closed) throw new Error('the push channel is closed');
    const payload = encodePushPayload(address, message);
    try {
      await this.#pool.query('SELECT pg_notify($1, $2)', [this.channel, payload]);
    } catch (error) {
      throw this.#error(`cannot publish a ${message.type} push`, error);
    }
  }

  subscribe(agentId: string, listener: (message: AgentPushMessage) => void, onClosed?: () => void): () => void {
    return this.#subscribers.add(agentId, listener, onClosed);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    if (this.#resync) clearTimeout(this.#resync);
    this.#retry = null;
    this.#resync = null;
    const client = this.#client;
    this.#drop();
    this.#subscribers.closeAll();
    await Promise.all([client?.end().catch(() => {}), this.#pool.end().catch(() => {})]);
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#options.url,
      application_name: this.#applicationName(),
      connectionTimeoutMillis: 10_000,
      query_timeout: 10_000,
      keepAlive: true,
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, null));
    client.on('notification', (note) => {
      if (note.channel === this.channel && client === this.#client) this.#receive(note.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#ping = setInterval(() => {
      client.query('SELECT 1').then(
        () => {
          if (client === this.#client) this.#failures = 0;
        },
        (error: unknown) => this.#lost(client, error),
      );
    }, this.#options.pingIntervalMs ?? 30_000);
    this.#ping.unref();
  }

  #receive(payload: string): void {
    const envelope = decodePushPayload(payload);
    if (envelope) this.#subscribers.deliver(envelope.to, envelope.message);
    else this.#options.logger?.warn({ channel: this.channel }, 'ignored a notification that is not a push');
  }

  /** The listening connection `client` failed; anything but the current one (an old or a closing one) is ignored. */
  #lost(client: pg.Client, error: unknown): void {
    if (client !== this.#client) return;
    this.#drop();
    void client.end().catch(() => {});
    if (this.#closed) return;
    // Unless a ping proved it healthy, a connection that dropped counts as a failure: a flapping one backs off further.
    this.#failures += 1;
    const retryInMs = this.#scheduleListen();
    this.#options.logger?.warn(
      { database: this.#target, reason: error ? this.#redact(error) : 'connection ended', failures: this.#failures, retryInMs },
      'push listener lost its database connection; listening again',
    );
  }

  /** Listens again after a wait with backoff; returns the wait. */
  #scheduleListen(): number {
    const { baseMs, maxMs } = this.#options.reconnect ?? { baseMs: 500, maxMs: 30_000 };
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, this.#failures - 1), 20));
    const wait = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#listen().then(
        () => {
          if (this.#closed) return;
          this.#options.logger?.info({ database: this.#target }, 'push listener listening again; widgets resync');
          this.#resyncSoon();
        },
        (error: unknown) => {
          if (this.#closed) return;
          this.#failures += 1;
          this.#options.logger?.warn({ database: this.#target, reason: this.#redact(error), failures: this.#failures }, 'push listener cannot listen yet');
          this.#scheduleListen();
        },
      );
    }, wait);
    return wait;
  }

  /** `resync` to every subscriber now, or once `minResyncIntervalMs` has passed since the last (if still listening then). */
  #resyncSoon(): void {
    if (this.#resync) return;
    const wait = this.#lastResyncAt + (this.#options.minResyncIntervalMs ?? 5000) - Date.now();
    const emit = () => {
      this.#lastResyncAt = Date.now();
      this.#subscribers.resync();
    };
    if (wait <= 0) {
      emit();
      return;
    }
    this.#resync = setTimeout(() => {
      this.#resync = null;
      // Not listening: the next `listen` resyncs, once nothing more can be lost.
      if (!this.#closed && this.#client) emit();
    }, wait);
    this.#resync.unref();
  }

  /** Forgets the listening connection and its ping. */
  #drop(): void {
    if (this.#ping) clearInterval(this.#ping);
    this.#ping = null;
    this.#client = null;
  }

  #applicationName(): string {
    return this.#options.applicationName ?? 'connector push';
  }

  #error(what: string, cause: unknown): Error {
    return new Error(`${what} on PostgreSQL at ${this.#target}: ${this.#redact(cause)}`);
  }

  /** The message of `error` with the URL's password blanked, should a driver ever quote it. */
  #redact(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    const password = passwordOf(this.#options.url);
    return password ? text.split(password).join('***') : text;
  }
}

/** `host:port/database` of a connection URL; the password and user are left out. */
function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured database';
  }
}

function passwordOf(url: string): string | null {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === '' ? null : password;
  } catch {
    return null;
  }
}
