import assert from 'node:assert/strict';
import type { ConnectorError } from '../../../widget/src/connector/connector-api.js';
import type { FetchLike } from '../../../widget/src/connector/connector-ports.js';
import type { PushMessage } from '../../../widget/src/connector/push-message.js';
import { PushStream, type PageVisibility } from '../../../widget/src/connector/push-stream.js';
import { FakeClock } from '../support/fake-clock.js';

const URL = 'https://cti.example.test/api/v1/agent/events';

/** One connection the stream opened: its token, and the body the test writes into and ends. */
interface Connection {
  readonly token: string | null;
  readonly aborted: () => boolean;
  write(text: string): void;
  end(): void;
}

/**
 * A `fetch` for the events route that answers each connection from `script` in turn: a status with a JSON error, a
 * network error, or (`'stream'`, and once the script is used up) a 200 stream the test feeds through `connections`.
 */
function eventsFetch(script: ('stream' | 'network' | { status: number; code: string })[] = []) {
  const connections: Connection[] = [];
  const fetch: FetchLike = async (_url, init) => {
    const token = /^Bearer (.+)$/.exec((init.headers as Record<string, string>)['Authorization'] ?? '')?.[1] ?? null;
    const step = script.shift() ?? 'stream';
    if (step === 'network') throw new TypeError('fetch failed');
    if (step !== 'stream') {
      return new Response(JSON.stringify({ error: { code: step.code, message: `refused: ${step.code}` } }), { status: step.status });
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const signal = init.signal!;
    signal.addEventListener('abort', () => controller.error(signal.reason));
    connections.push({
      token,
      aborted: () => signal.aborted,
      write: (text) => controller.enqueue(new TextEncoder().encode(text)),
      end: () => controller.close(),
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  };
  return { fetch, connections };
}

/** A page the test shows and hides, as `document.visibilityState` and `visibilitychange` would. */
class TestPage implements PageVisibility {
  shown = true;
  private readonly listeners = new Set<() => void>();

  visible(): boolean {
    return this.shown;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(shown: boolean): void {
    this.shown = shown;
    for (const l of [...this.listeners]) l();
  }

  get listening(): number {
    return this.listeners.size;
  }
}

/** `resync` waits `random() * 500` ms here; `random` is 1 unless a test says otherwise. */
const JITTER_MS = 500;

function rig(
  script: Parameters<typeof eventsFetch>[0] = [],
  token: () => string | null = () => 'token-1',
  extra: { page?: TestPage; random?: () => number; onRefused?: () => void } = {},
) {
  const clock = new FakeClock();
  const { fetch, connections } = eventsFetch(script);
  const messages: PushMessage[] = [];
  const refused: string[] = [];
  const stream = new PushStream({
    url: URL,
    token,
    onMessage: (m) => messages.push(m),
    onAuthRefused: (error: ConnectorError, t) => {
      refused.push(`${error.code} ${t}`);
      extra.onRefused?.();
    },
    fetch,
    timers: clock.timers,
    now: clock.now,
    random: extra.random ?? (() => 1),
    retry: { baseMs: 100, maxMs: 1000 },
    visibility: extra.page ?? null,
    resyncJitterMs: JITTER_MS,
    log: () => {},
  });
  return { clock, connections, messages, refused, stream };
}

describe('PushStream: the connector’s push stream, read with fetch', () => {
  it('hands over each message as it arrives, whatever the chunks', async () => {
    const { clock, connections, messages, stream } = rig();
    stream.start();
    await clock.advance(0);
    const c = connections[0]!;
    c.write('retry: 2000\n: connected\n\ndata: {"type":"sett');
    c.write('ings-changed"}\r\n\r\ndata: {"type":"screen-pop","callId":"c1","number":"+1","matches":[]}\n\ndata: {"type":"from-the-future"}\n\n');
    await clock.advance(0);
    assert.deepEqual(messages, [{ type: 'settings-changed' }, { type: 'screen-pop', callId: 'c1', number: '+1', matches: [] }]);
    stream.stop();
  });

  it('says resync after every connection, the first included (what was pushed before it was missed), after a random wait', async () => {
    const { clock, messages, stream } = rig([], () => 'token-1', { random: () => 0.5 });
    stream.start();
    await clock.advance(0);
    await clock.advance(JITTER_MS / 2 - 1);
    assert.deepEqual(messages, []);
    await clock.advance(1);
    assert.deepEqual(messages, [{ type: 'resync' }]);
    stream.stop();
  });

  it('opens again with the current token when the connector ends the stream, and says resync again', async () => {
    let token = 'token-1';
    const { clock, connections, messages, stream } = rig([], () => token);
    stream.start();
    await clock.advance(0);
    await clock.advance(10_000);
    assert.deepEqual(messages, [{ type: 'resync' }]);
    token = 'token-2';
    connections[0]!.end();
    await clock.advance(0);
    assert.deepEqual(clock.pending(), [clock.now() + 100], 'a long-lived stream comes back after the shortest wait');
    await clock.advance(100);
    assert.deepEqual(connections.map((c) => c.token), ['token-1', 'token-2']);
    await clock.advance(JITTER_MS);
    assert.deepEqual(messages, [{ type: 'resync' }, { type: 'resync' }]);
    stream.stop();
  });

  it('hands the connector’s own resync over after the random wait, several as one, and every other message at once', async () => {
    const { clock, connections, messages, stream } = rig();
    stream.start();
    await clock.advance(0);
    await clock.advance(JITTER_MS);
    assert.deepEqual(messages.splice(0), [{ type: 'resync' }]);
    connections[0]!.write('data: {"type":"resync"}\n\ndata: {"type":"settings-changed"}\n\ndata: {"type":"resync"}\n\n');
    await clock.advance(0);
    assert.deepEqual(messages, [{ type: 'settings-changed' }]);
    await clock.advance(JITTER_MS);
    assert.deepEqual(messages, [{ type: 'settings-changed' }, { type: 'resync' }]);
    stream.stop();
  });

  it('holds the stream only while the page is shown: closed when hidden, opened again with a resync when shown', async () => {
    const page = new TestPage();
    const { clock, connections, messages, stream } = rig([], () => 'token-1', { page });
    stream.start();
    await clock.advance(0);
    await clock.advance(JITTER_MS);
    assert.equal(connections.length, 1);
    page.set(false);
    await clock.advance(0);
    assert.equal(connections[0]!.aborted(), true);
    await clock.advance(600_000);
    assert.equal(connections.length, 1, 'nothing opened while hidden');
    assert.deepEqual(clock.pending(), [], 'no wait, no silence watch');
    page.set(true);
    await clock.advance(0);
    assert.equal(connections.length, 2);
    await clock.advance(JITTER_MS);
    assert.deepEqual(messages, [{ type: 'resync' }, { type: 'resync' }]);
    stream.stop();
    assert.equal(page.listening, 0);
  });

  it('does not open at all while the page starts hidden', async () => {
    const page = new TestPage();
    page.shown = false;
    const { clock, connections, stream } = rig([], () => 'token-1', { page });
    stream.start();
    await clock.advance(60_000);
    assert.equal(connections.length, 0);
    page.set(true);
    await clock.advance(0);
    assert.equal(connections.length, 1);
    stream.stop();
  });

  it('backs off while the connector cannot be reached or fails, and after streams that end at once', async () => {
    const { clock, connections, messages, stream } = rig(['network', { status: 502, code: 'HTTP_502' }, { status: 503, code: 'SHUTTING_DOWN' }]);
    stream.start();
    const waits: number[] = [];
    for (let n = 0; n < 3; n++) {
      await clock.advance(0);
      const at = clock.pending().find((t) => t - clock.now() < 60_000)!;
      waits.push(at - clock.now());
      await clock.advance(at - clock.now());
    }
    assert.deepEqual(waits, [100, 200, 400]);
    assert.equal(connections.length, 1);
    await clock.advance(10_000);
    connections[0]!.end();
    await clock.advance(0);
    assert.equal(clock.pending()[0]! - clock.now(), 100, 'the failures are forgotten once a stream lived');
    await clock.advance(100);
    connections[1]!.end();
    await clock.advance(0);
    assert.equal(clock.pending()[0]! - clock.now(), 100, 'a stream that lived a moment counts as a failure');
    await clock.advance(100);
    connections[2]!.end();
    await clock.advance(0);
    assert.equal(clock.pending()[0]! - clock.now(), 200);
    await clock.advance(JITTER_MS);
    assert.deepEqual(messages, [{ type: 'resync' }, { type: 'resync' }], 'one resync for the connections within one wait');
    stream.stop();
  });

  it('tries again, with backoff and the current token, after a refusal of a token a refresh had replaced already', async () => {
    let token = 'token-1';
    const { clock, connections, refused, stream } = rig([{ status: 401, code: 'SESSION_EXPIRED' }], () => token, {
      // The session keeper had refreshed meanwhile: it ignores the old token's refusal.
      onRefused: () => (token = 'token-2'),
    });
    stream.start();
    await clock.advance(0);
    assert.deepEqual(refused, ['SESSION_EXPIRED token-1']);
    assert.deepEqual(clock.pending(), [clock.now() + 100]);
    await clock.advance(100);
    assert.deepEqual(connections.map((c) => c.token), ['token-2']);
    stream.stop();
  });

  it('stops at a refused session (401, or 403 for a disabled agent) and tells whoever keeps it, with the token', async () => {
    for (const refusal of [{ status: 401, code: 'SESSION_EXPIRED' }, { status: 403, code: 'AGENT_DISABLED' }]) {
      const { clock, connections, refused, stream } = rig([refusal]);
      stream.start();
      await clock.advance(60_000);
      assert.deepEqual(refused, [`${refusal.code} token-1`]);
      assert.equal(connections.length, 0);
      assert.deepEqual(clock.pending(), []);
    }
  });

  it('drops a connection silent for a minute and opens another', async () => {
    const { clock, connections, stream } = rig();
    stream.start();
    await clock.advance(0);
    connections[0]!.write(': connected\n\n');
    await clock.advance(59_000);
    connections[0]!.write(': keep-alive\n\n');
    await clock.advance(0);
    await clock.advance(59_000);
    assert.equal(connections[0]!.aborted(), false, 'a comment keeps it open');
    await clock.advance(1000);
    assert.equal(connections[0]!.aborted(), true);
    await clock.advance(200);
    assert.equal(connections.length, 2);
    stream.stop();
  });

  it('closes the connection on stop and opens no other; with no token it does not open at all', async () => {
    const { clock, connections, stream } = rig();
    stream.start();
    await clock.advance(0);
    stream.stop();
    await clock.advance(0);
    assert.equal(connections[0]!.aborted(), true);
    await clock.advance(120_000);
    assert.equal(connections.length, 1);
    assert.deepEqual(clock.pending(), []);

    const signedOut = rig([], () => null);
    signedOut.stream.start();
    await signedOut.clock.advance(120_000);
    assert.equal(signedOut.connections.length, 0);
  });
});
