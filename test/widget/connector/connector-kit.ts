import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newSignInKey } from '../../../connector/src/auth/sign-in-key.js';
import type { SqliteStore } from '../../../connector/src/store/sqlite-store.js';
import type { WidgetCallEvent } from '../../../widget/src/connector/connector-api.js';
import type { FetchLike } from '../../../widget/src/connector/connector-ports.js';
import { buildTestApp, closeTestApps, signIn, type TestAppOptions } from '../../http/test-app.js';

/** Maria's sign-in key on every connector this kit starts, for tests that sign in with `POST /api/v1/auth/local`. */
export const SIGN_IN = newSignInKey();

/**
 * A session token of agent `maria` on the connector {@link startConnector} started last (an ESM live binding: read it
 * after the start, as `token: () => TOKEN` does).
 */
export let TOKEN = '';

export interface LiveConnector {
  readonly baseUrl: string;
  readonly store: SqliteStore;
  /** A session token of `maria` on this connector. */
  readonly token: string;
  close(): Promise<void>;
}

/**
 * The real connector app (in-memory store, demo CRM) listening on a loopback port, with agent `maria`, whom
 * {@link TOKEN} is a session of and {@link SIGN_IN} signs in.
 */
export async function startConnector(options: TestAppOptions = {}): Promise<LiveConnector> {
  const built = buildTestApp(options);
  const { app, store } = built;
  await store.createAgent({ id: 'maria', name: 'Maria', crmUserId: null, disabled: false, tokenHash: SIGN_IN.hash });
  TOKEN = await signIn(built, 'maria');
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    token: TOKEN,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeTestApps();
    },
  };
}

/** The events the store holds for maria's leg of `callId`, by event id. */
export async function storedIds(store: SqliteStore, callId: string): Promise<string[]> {
  return (await store.callEvents(`maria:${callId}`)).map((e) => e.eventId).sort();
}

/** One `fetch` call as the wrapper saw it, with what the connector answered. */
export interface Exchange {
  readonly url: string;
  readonly events: number;
  readonly status: number | 'network error';
  readonly body: unknown;
}

/**
 * Node's `fetch` with a scripted outage in front: the first `failures.length` requests get, in turn, a network error
 * (`'network'`) or a made-up answer (`{ status, headers?, body? }`) without reaching the connector; the rest reach it.
 */
export function flakyFetch(failures: readonly ('network' | { status: number; headers?: Record<string, string>; body?: string })[] = []) {
  const exchanges: Exchange[] = [];
  let index = 0;
  const fetch: FetchLike = async (url, init) => {
    const events = eventCount(init.body);
    const failure = failures[index++];
    if (failure === 'network') {
      exchanges.push({ url, events, status: 'network error', body: null });
      throw new TypeError('fetch failed');
    }
    if (failure) {
      exchanges.push({ url, events, status: failure.status, body: failure.body ?? null });
      return new Response(failure.body ?? null, { status: failure.status, headers: failure.headers ?? {} });
    }
    const response = await globalThis.fetch(url, init);
    const text = await response.clone().text();
    exchanges.push({ url, events, status: response.status, body: text ? (JSON.parse(text) as unknown) : null });
    return response;
  };
  return { fetch, exchanges };
}

function eventCount(body: unknown): number {
  if (typeof body !== 'string') return 0;
  const parsed = JSON.parse(body) as { events?: unknown[] };
  return parsed.events?.length ?? 0;
}

export { MemoryStorage } from '../support/memory-storage.js';

let n = 0;
/** A valid event of the connector's API, now. */
export function answeredEvent(callId: string, extra: Partial<Record<string, unknown>> = {}): WidgetCallEvent {
  return { eventId: `w-${++n}-${Date.now()}`, callId, occurredAt: new Date().toISOString(), type: 'answered', ...extra } as WidgetCallEvent;
}

export function wrapupEvent(callId: string, notes: string): WidgetCallEvent {
  return { eventId: `w-${++n}-${Date.now()}`, callId, occurredAt: new Date().toISOString(), type: 'wrapup', disposition: 'Connected', notes };
}

/** Retries in milliseconds, so an outage costs the test nothing. */
export const FAST_RETRY = Object.freeze({ baseMs: 1, maxMs: 5 });
