import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';

/** Connections a browser opens to one host. */
const MAX_SOCKETS = 6;
/** Waits before each new try after a reset: the widget's event sender backs off from 1 s. */
const RESET_RETRIES_MS = [1000, 2000, 4000];

/**
 * One browser's HTTP to the connector: its own keep-alive connections (six at most, as a browser opens to one host)
 * from its own source address, so the connector sees each widget as its own client, as it sees agents' browsers.
 */
export class WidgetHttp {
  private readonly agent: Agent;

  /** `onReset`: told of each request sent again after the connector reset a new connection (counted, reported). */
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly localAddress: string,
    private readonly onReset: () => void = () => undefined,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  }

  /**
   * A JSON request with the session token; the parsed 2xx answer, or a failure naming the status and body. Sent again
   * at once when a kept-alive connection turns out closed by the connector as the request went out (its idle timeout,
   * 5 s, is shorter than a widget's 30 s between reports), as a browser does on a reused connection; and after 1, 2 and
   * 4 s when a new connection is reset, as the widget's event sender and presence reports retry a network error.
   */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    let stale = 0;
    let resets = 0;
    for (;;) {
      try {
        return await this.jsonOnce<T>(method, path, body);
      } catch (error) {
        // Each idle connection may be one the connector closed: at most one try per connection, then a new one.
        if (error instanceof StaleConnection && ++stale <= MAX_SOCKETS) continue;
        if (!(error instanceof ConnectionReset) || resets === RESET_RETRIES_MS.length) throw error;
        this.onReset();
        await new Promise((resolve) => setTimeout(resolve, RESET_RETRIES_MS[resets++]));
      }
    }
  }

  private jsonOnce<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? null : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = this.open(method, path, payload === null ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }, this.agent);
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) reject(new Error(`${method} ${path} answered ${status}: ${text}`));
          else resolve((text === '' ? null : JSON.parse(text)) as T);
        });
        res.on('error', reject);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        const what = `${method} ${path} from ${this.localAddress}`;
        const reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
        if (reset && req.reusedSocket) reject(new StaleConnection(what, error));
        else if (reset) reject(new ConnectionReset(what, error));
        else reject(new Error(`${what} failed: ${error.message}`, { cause: error }));
      });
      req.end(payload ?? undefined);
    });
  }

  /** A long-lived GET on a connection of its own (a stream holds one for as long as it is open). */
  stream(path: string, onResponse: (res: IncomingMessage) => void): ClientRequest {
    const req = this.open('GET', path, { accept: 'text/event-stream' }, false);
    req.on('response', onResponse);
    req.end();
    return req;
  }

  /** Closes its idle connections. */
  close(): void {
    this.agent.destroy();
  }

  private open(method: string, path: string, headers: Record<string, string>, agent: Agent | false): ClientRequest {
    return request(new URL(path, this.baseUrl), { method, agent, localAddress: this.localAddress, headers: { authorization: `Bearer ${this.token}`, ...headers } });
  }
}

/** A request that failed on a reused keep-alive connection the server had closed: safe to send again. */
class StaleConnection extends Error {
  constructor(what: string, cause: Error) {
    super(`${what}: a kept-alive connection was closed under the request (${cause.message})`, { cause });
  }
}

/** A request whose new connection the server's side reset (its accept queue overflowed, say). */
class ConnectionReset extends Error {
  constructor(what: string, cause: Error) {
    super(`${what}: the connection was reset (${cause.message})`, { cause });
  }
}
