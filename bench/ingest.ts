/**
 * How many call events a second the connector takes durably, against a bare Express route on the same machine.
 *
 * Both servers run as their own `node` process, as `npm start` runs the connector, and get the same load from
 * autocannon on loopback: widgets posting one new event per request to `/api/v1/calls/events`, as the widget does in
 * practice. Only 2xx answers count; afterwards the connector's SQLite file is opened read-only and every event it
 * answered 2xx for must be in it.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { round1, type BenchResult, type Benchmark } from './bench-kit.js';
import { BenchConnector } from './support/connector-process.js';
import { postEventLoad, type EventLoadOutcome, type EventLoadSettings } from './support/event-load.js';
import { buildServerInstall, type ServerInstall } from './support/server-install.js';
import { ServerProcess } from './support/server-process.js';
import { freeTcpPort } from '../test/stack/free-port.js';

const LOAD: EventLoadSettings = { connections: 10, warmupS: 2, durationS: 10 };
/** Agents the load is spread over: at `RATE_LIMIT_API`=600 a minute each, room for 10,000 requests a second for 12 s. */
const AGENTS = 200;
const RATE_LIMIT_API = 600;

export const benchmark: Benchmark = {
  name: 'ingest',
  title: 'call events stored durably per second, against a bare Express route',
  run: measure,
};

async function measure(): Promise<BenchResult> {
  const install = await buildServerInstall();
  try {
    const connector = await connectorLoad(install);
    const baseline = await baselineLoad(install);
    const ingest = eventsPerSecond(connector.load);
    const hello = eventsPerSecond(baseline);
    const ratio = Math.floor((ingest / hello) * 100) / 100;
    return {
      figures: [
        {
          key: 'ingest_events_per_s',
          value: round1(ingest),
          unit: 'events/s',
          better: 'higher',
          means: 'How many call events (dialing, answered, heartbeats, hang-ups, wrap-ups) one connector stores safely each second before it slows the widgets down.',
        },
        {
          key: 'baseline_hello_events_per_s',
          value: round1(hello),
          unit: 'events/s',
          better: 'higher',
          means: 'The same load against a bare Express route that stores nothing: the most any Express service could take on this machine.',
        },
        {
          key: 'ingest_ratio',
          value: ratio,
          unit: 'ratio',
          better: 'higher',
          goal: { op: '>=', value: 0.8 },
          means: 'How much of a bare Express route’s throughput the connector keeps while authenticating, validating and committing every event.',
        },
      ],
      details: [
        'both as their own `node` process on plain JavaScript: the connector compiled as `npm run build` compiles it (node dist/connector/src/main.js), the baseline is express ' +
          `${await expressVersion()} with express.json() and one route answering 202 {}`,
        `connector: embedded defaults (SQLite in a temporary folder on disk, WAL with synchronous=FULL; demo CRM; outbox worker running), LOG_LEVEL=info (its default: a JSON line per request, to a file), RATE_LIMIT_API=${RATE_LIMIT_API} a minute per agent (the default: a large deployment has more agents, not busier ones), ${AGENTS} agents signed in with their keys`,
        `load: autocannon on loopback, ${LOAD.connections} keep-alive connections, no pipelining, ${LOAD.warmupS} s warm-up then ${LOAD.durationS} s measured; one new event per request as the widget posts them; each connection reports calls one after another (dialing, ringing, answered, 4 heartbeats, ended, wrapup), each call as the next agent`,
        `connector: ${describe(connector.load)}; all ${connector.load.acceptedEventIds.length} events answered 2xx (warm-up included) found in its SQLite file after a graceful stop`,
        `baseline: ${describe(baseline)}`,
        'ratio = connector / baseline, rounded down to two decimals',
      ],
    };
  } finally {
    install.remove();
  }
}

async function connectorLoad(install: ServerInstall): Promise<{ load: EventLoadOutcome }> {
  const connector = await BenchConnector.start(install, { settings: { CRM: 'demo', RATE_LIMIT_API: String(RATE_LIMIT_API) } });
  try {
    const agents = await connector.createAgents(AGENTS, 'ingest', 'none');
    const tokens = await Promise.all(agents.map((agent) => connector.signIn(agent)));
    const load = await postEventLoad(connector.baseUrl, tokens, LOAD);
    await connector.stop();
    assertStored(connector.databaseFile, load.acceptedEventIds);
    return { load };
  } finally {
    await connector.close();
  }
}

async function baselineLoad(install: ServerInstall): Promise<EventLoadOutcome> {
  const port = await freeTcpPort();
  const server = await ServerProcess.start({
    what: 'the baseline Express server',
    main: install.helloServerMain,
    cwd: path.dirname(install.helloServerMain),
    env: { PATH: process.env.PATH ?? '', PORT: String(port) },
    stdoutFile: '/dev/null',
    ready: /^ready$/m,
    readyWithinMs: 10_000,
  });
  try {
    // The same requests, tokens and all: the baseline reads none of them.
    return await postEventLoad(`http://127.0.0.1:${port}`, ['not-checked-by-the-baseline'], LOAD);
  } finally {
    await server.stop();
  }
}

/** Events answered 2xx per second of the measured run; a request carries one event. */
function eventsPerSecond(load: EventLoadOutcome): number {
  if (load.measured['2xx'] === 0) throw new Error(`no request was answered 2xx: ${describe(load)}`);
  return load.measured['2xx'] / load.measured.duration;
}

function describe(load: EventLoadOutcome): string {
  const r = load.measured;
  const codes = Object.entries(r.statusCodeStats ?? {})
    .map(([code, stat]) => `${code}: ${stat.count ?? 0}`)
    .join(', ');
  return `${r.requests.sent} requests in ${r.duration.toFixed(1)} s (${Math.round(r.requests.average)}/s), ${r['2xx']} 2xx, ${r.non2xx} non-2xx (${codes}), ${r.errors} errors, ${r.timeouts} timeouts; latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`;
}

/** Opens the stopped connector's store read-only and fails unless every accepted event is in it. */
function assertStored(databaseFile: string, eventIds: readonly string[]): void {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const stored = new Set((db.prepare('SELECT event_id FROM call_events').pluck().all() as string[]));
    const missing = eventIds.filter((id) => !stored.has(id));
    if (missing.length > 0) {
      throw new Error(`${missing.length} of ${eventIds.length} events the connector answered 2xx for are not in its store, e.g. ${missing.slice(0, 3).join(', ')}`);
    }
  } finally {
    db.close();
  }
}

async function expressVersion(): Promise<string> {
  return ((await import('express/package.json', { with: { type: 'json' } })).default as { version: string }).version;
}
