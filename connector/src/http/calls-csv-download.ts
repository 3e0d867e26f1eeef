import type { Request, Response } from 'express';
import type { AuditLog } from '../services/audit-log.js';
import { CALLS_CSV_HEADER, CallsCsv } from '../services/calls-csv.js';
import { usageWindow, type UsageQuery } from '../services/usage-report.js';
import type { CallFact, Store } from '../store/store.js';

/** Calls read from the store per page of the export: bounded memory whatever the range. */
export const CSV_PAGE_SIZE = 1000;

/**
 * Answers the calls export of `query` as a CSV attachment (`calls-<from>-to-<to>.csv`), streamed page by page and
 * paced by the client, for `GET /admin/calls.csv` and the download links alike. HEAD gets the headers alone.
 *
 * Audited before the first row is read, as `calls.export` with the filter, under `actor`: a download that dies midway
 * (the client leaves, the store fails) is on record all the same. When the stream ends, `calls.export.done` records the
 * rows sent and whether the file was complete.
 */
export async function sendCallsCsv(args: {
  readonly req: Request;
  readonly res: Response;
  readonly store: Store;
  readonly audit: AuditLog;
  readonly query: UsageQuery;
  readonly actor: string;
}): Promise<void> {
  const { req, res, store, audit, query } = args;
  const window = usageWindow(query);
  const csv = new CallsCsv({ agents: new Map((await store.listAgents()).map((agent) => [agent.id, agent])), segments: window.segments });
  let gone = false;
  res.on('close', () => {
    gone = !res.writableFinished;
  });
  res.status(200).set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="calls-${query.from}-to-${query.to}.csv"`,
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const filter = { from: query.from, to: query.to, tz: query.timeZone, agents: query.agentIds, team: query.team };
  await audit.record({ actor: args.actor, action: 'calls.export', target: null, outcome: 'ok', details: filter });
  let rows = 0;
  let complete = false;
  try {
    await write(res, CALLS_CSV_HEADER);
    let after: { startedAt: number; leg: string } | undefined;
    // The client may leave mid-way (a cancelled download): stop reading the store then.
    while (!gone) {
      const page: CallFact[] = await store.callFacts(window.filter, { limit: CSV_PAGE_SIZE, ...(after ? { after } : {}) });
      const last = page.at(-1);
      if (last) {
        await write(res, page.map((fact) => csv.line(fact)).join(''));
        rows += page.length;
        after = { startedAt: last.startedAt, leg: last.leg };
      }
      if (page.length < CSV_PAGE_SIZE) {
        complete = !gone;
        break;
      }
    }
  } finally {
    await audit.record({ actor: args.actor, action: 'calls.export.done', target: null, outcome: 'ok', details: { ...filter, rows, complete } });
  }
  if (!gone) res.end();
}

/** Writes a chunk, waiting while the client's buffer is full; resolves at once when the client has gone. */
function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed || res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
