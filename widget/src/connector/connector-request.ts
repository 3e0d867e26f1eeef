import type { FetchLike, Timers } from './connector-ports.js';

/**
 * One JSON request to the connector with an optional bearer token and a time limit; rejects only when no answer came
 * (network error, timeout). No cookies: the widget lives in third-party frames, where they would not be sent anyway.
 */
export async function connectorRequest(args: {
  readonly fetch: FetchLike;
  readonly timers: Timers;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly token: string | null;
  readonly body?: unknown;
  readonly timeoutMs: number;
  /** Lets the request outlive the page (`fetch` keepalive): for small reports sent as the page goes away. */
  readonly keepalive?: boolean;
}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (args.token) headers['Authorization'] = `Bearer ${args.token}`;
  if (args.body !== undefined) headers['Content-Type'] = 'application/json';
  const abort = new AbortController();
  const timer = args.timers.setTimeout(() => abort.abort(new Error(`no answer within ${args.timeoutMs} ms`)), args.timeoutMs);
  try {
    return await args.fetch(args.url, {
      method: args.method,
      headers,
      credentials: 'omit',
      signal: abort.signal,
      ...(args.keepalive ? { keepalive: true } : {}),
      ...(args.body !== undefined ? { body: JSON.stringify(args.body) } : {}),
    });
  } finally {
    args.timers.clearTimeout(timer);
  }
}
