import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { buildTestApp, closeTestApps, type TestApp } from './test-app.js';
import { seedCalls, type SeedCall } from './usage-calls.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const HEADER =
  'call_id,agent_id,agent_name,team,direction,from,to,record_type,record_id,started_at,started_local,answered_at,ended_at,talk_seconds,hold_seconds,wrap_up_seconds,result,end_cause,sip_status,hung_up_by,disposition,notes';

/** Reads CSV as RFC 4180 writes it (quoted cells may hold commas, quotes and line breaks), into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  assert.equal(row.length + cell.length, 0, 'the file ends with a line end');
  return rows;
}

/** The rows of an export as objects keyed by the header's columns. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((cells) => Object.fromEntries(header!.map((column, i) => [column, cells[i]!])));
}

describe('admin API: calls export (CSV)', () => {
  let testApp: TestApp;
  const csv = (query: string) =>
    request(testApp.app)
      .get(`/api/v1/admin/calls.csv${query}`)
      .set('Authorization', `Bearer ${ADMIN}`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });

  beforeEach(async () => {
    testApp = buildTestApp({ adminToken: ADMIN });
    await testApp.store.createAgent({ id: 'maria', name: 'Maria "Mia" López, Jr.', team: 'Sales', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    await testApp.store.createAgent({ id: 'lee', name: 'Lee', team: 'Support', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
  });
  afterEach(closeTestApps);

  it('answers a CSV attachment named for the range, header first, one quoted-as-needed line per call', async () => {
    await seedCalls(testApp.store, [
      {
        agentId: 'maria',
        callId: 'a84b4c76e66710@pc33',
        start: '2026-11-02T10:00:00.000Z',
        talkSeconds: 120,
        wrapUpAfterSeconds: 30,
        disposition: 'Interested',
        notes: 'Call back Tuesday, "after 3pm"\nAsk for Ana',
      },
      { agentId: 'lee', callId: 'c2', start: '2026-11-03T09:15:00.000Z', direction: 'inbound', result: 'busy', record: null },
    ]);
    const res = await csv('?from=2026-11-02&to=2026-11-04&tz=America/New_York');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="calls-2026-11-02-to-2026-11-04.csv"');
    assert.equal(res.headers['cache-control'], 'no-store');
    const text = res.body as string;
    assert.ok(text.startsWith(`${HEADER}\r\n`), text.slice(0, 300));
    assert.ok(text.includes('"Maria ""Mia"" López, Jr."'), 'a cell with quotes and a comma is quoted, its quotes doubled');
    assert.deepEqual(records(text), [
      {
        call_id: 'a84b4c76e66710@pc33',
        agent_id: 'maria',
        agent_name: 'Maria "Mia" López, Jr.',
        team: 'Sales',
        direction: 'outbound',
        from: 'sip:maria@pbx.example.test',
        to: '+14155552671',
        record_type: 'Contact',
        record_id: 'CON-0001',
        started_at: '2026-11-02T10:00:00.000Z',
        started_local: '2026-11-02 05:00',
        answered_at: '2026-11-02T10:00:05.000Z',
        ended_at: '2026-11-02T10:02:05.000Z',
        talk_seconds: '120',
        hold_seconds: '0',
        wrap_up_seconds: '30',
        result: 'answered',
        end_cause: 'hangup',
        sip_status: '',
        hung_up_by: 'remote',
        disposition: 'Interested',
        notes: 'Call back Tuesday, "after 3pm"\nAsk for Ana',
      },
      {
        call_id: 'c2',
        agent_id: 'lee',
        agent_name: 'Lee',
        team: 'Support',
        direction: 'inbound',
        from: '+14155550100',
        to: 'sip:lee@pbx.example.test',
        record_type: '',
        record_id: '',
        started_at: '2026-11-03T09:15:00.000Z',
        started_local: '2026-11-03 04:15',
        answered_at: '',
        ended_at: '2026-11-03T09:15:05.000Z',
        talk_seconds: '0',
        hold_seconds: '0',
        wrap_up_seconds: '0',
        result: 'busy',
        end_cause: 'busy',
        sip_status: '486',
        hung_up_by: 'remote',
        disposition: '',
        notes: '',
      },
    ]);
  });

  it('guards against formulas: a cell starting with = + - @, a tab or CR is prefixed with a quote mark', async () => {
    const formulas = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'];
    await seedCalls(
      testApp.store,
      formulas.map((notes, i): SeedCall => ({ agentId: 'lee', callId: `f${i}`, start: `2026-11-02T10:0${i}:00.000Z`, wrapUpAfterSeconds: 5, notes, disposition: 'Interested' })),
    );
    const rows = records((await csv('?from=2026-11-02&to=2026-11-02')).body as string);
    assert.deepEqual(rows.map((r) => r.notes), formulas.map((f) => `'${f}`));
  });

  it('leaves strict E.164 numbers as they are, but prefixes anything else starting with +', async () => {
    const cells = ['+14155552671', '+442079460958', '+123456789012345', '+0123456789', '+1 415 555 2671', '+1234567890123456', '+1', '+1415555267=1'];
    await seedCalls(
      testApp.store,
      cells.map((notes, i): SeedCall => ({ agentId: 'lee', callId: `n${i}`, start: `2026-11-02T10:0${i}:00.000Z`, wrapUpAfterSeconds: 5, notes, disposition: 'Interested' })),
    );
    const rows = records((await csv('?from=2026-11-02&to=2026-11-02')).body as string);
    assert.deepEqual(rows.map((r) => r.notes), ['+14155552671', '+442079460958', '+123456789012345', "'+0123456789", "'+1 415 555 2671", "'+1234567890123456", "'+1", "'+1415555267=1"]);
    assert.equal(rows[0]!.to, '+14155552671', 'the dialled number, the commonest cell, has no quote mark');
  });

  it('exports only the calls of the range, agents and team asked for', async () => {
    await seedCalls(testApp.store, [
      { agentId: 'maria', callId: 'in-range', start: '2026-11-02T00:00:00.000Z' },
      { agentId: 'lee', callId: 'other-team', start: '2026-11-02T12:00:00.000Z' },
      { agentId: 'maria', callId: 'day-after', start: '2026-11-03T00:00:00.000Z' },
      { agentId: 'maria', callId: 'day-before', start: '2026-11-01T23:59:59.000Z' },
    ]);
    const ids = async (query: string) => records((await csv(query)).body as string).map((r) => r.call_id);
    assert.deepEqual(await ids('?from=2026-11-02&to=2026-11-02'), ['in-range', 'other-team']);
    assert.deepEqual(await ids('?from=2026-11-02&to=2026-11-02&team=Sales'), ['in-range']);
    assert.deepEqual(await ids('?from=2026-11-01&to=2026-11-03&agent=maria'), ['day-before', 'in-range', 'day-after']);
    assert.deepEqual(await ids('?from=2026-11-01&to=2026-11-03&agent=nobody'), []);
    assert.equal((await csv('?from=2026-11-01&to=2026-11-03&agent=nobody')).body, `${HEADER}\r\n`);
  });

  it('answers HEAD with the headers alone, reading no call and auditing no export', async () => {
    await seedCalls(testApp.store, [{ agentId: 'lee', callId: 'c1', start: '2026-11-02T10:00:00.000Z' }]);
    let reads = 0;
    const callFacts = testApp.store.callFacts.bind(testApp.store);
    testApp.store.callFacts = (filter, args) => {
      reads += 1;
      return callFacts(filter, args);
    };
    const res = await request(testApp.app).head('/api/v1/admin/calls.csv?from=2026-11-02&to=2026-11-02').set('Authorization', `Bearer ${ADMIN}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="calls-2026-11-02-to-2026-11-02.csv"');
    assert.equal(reads, 0);
    assert.deepEqual(await testApp.store.auditLog({ limit: 1 }), []);
  });

  it('streams an export of several pages whole, in start order, and audits it with the rows sent', async () => {
    const start = Date.parse('2026-11-02T08:00:00.000Z');
    const calls: SeedCall[] = Array.from({ length: 2345 }, (_, i) => ({
      agentId: i % 2 ? 'maria' : 'lee',
      callId: `bulk-${String(i).padStart(4, '0')}`,
      start: new Date(start + Math.floor(i / 2) * 10_000).toISOString(),
      result: 'no-answer',
    }));
    await seedCalls(testApp.store, calls);
    const res = await csv('?from=2026-11-02&to=2026-11-02&tz=UTC');
    const rows = records(res.body as string);
    assert.equal(rows.length, 2345);
    assert.equal(new Set(rows.map((r) => r.call_id)).size, 2345, 'no call twice across pages');
    const starts = rows.map((r) => Date.parse(r.started_at!));
    assert.ok(starts.every((t, i) => i === 0 || t >= starts[i - 1]!), 'in start order');
    const entries = (await testApp.store.auditLog({ limit: 10 })).reverse().map((entry) => ({ ...entry, id: 0, at: 0 }));
    const filter = { from: '2026-11-02', to: '2026-11-02', tz: 'UTC', agents: null, team: null };
    assert.deepEqual(entries, [
      { id: 0, at: 0, actor: 'admin-token', action: 'calls.export', target: null, outcome: 'ok', details: filter },
      { id: 0, at: 0, actor: 'admin-token', action: 'calls.export.done', target: null, outcome: 'ok', details: { ...filter, rows: 2345, complete: true } },
    ]);
  });

  it('stops reading the store when the client goes away mid-download', async () => {
    const start = Date.parse('2026-11-02T08:00:00.000Z');
    await seedCalls(
      testApp.store,
      Array.from({ length: 5000 }, (_, i): SeedCall => ({ agentId: 'lee', callId: `long-${i}`, start: new Date(start + i * 1000).toISOString(), result: 'busy' })),
    );
    let pages = 0;
    const callFacts = testApp.store.callFacts.bind(testApp.store);
    testApp.store.callFacts = async (filter, args) => {
      pages += 1;
      await sleep(50);
      return callFacts(filter, args);
    };
    const server = testApp.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/admin/calls.csv?from=2026-11-02&to=2026-11-02', headers: { authorization: `Bearer ${ADMIN}` } }, (res) => {
          assert.equal(res.statusCode, 200);
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      });
      await sleep(500);
      assert.ok(pages < 5, `read ${pages} pages of 5 after the client left`);
      const [done, started] = await testApp.store.auditLog({ limit: 2 });
      assert.equal(started?.action, 'calls.export');
      assert.equal(done?.action, 'calls.export.done');
      assert.ok((done?.details.rows as number) < 5000, `audited ${String(done?.details.rows)} rows sent`);
      assert.equal(done?.details.complete, false);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('audits the export before reading any call, so an export the store fails midway is on record', async () => {
    const start = Date.parse('2026-11-02T08:00:00.000Z');
    await seedCalls(
      testApp.store,
      Array.from({ length: 1500 }, (_, i): SeedCall => ({ agentId: 'lee', callId: `c-${i}`, start: new Date(start + i * 1000).toISOString(), result: 'busy' })),
    );
    const audited: string[] = [];
    const appendAudit = testApp.store.appendAudit.bind(testApp.store);
    testApp.store.appendAudit = async (entry) => {
      audited.push(entry.action);
      return appendAudit(entry);
    };
    const callFacts = testApp.store.callFacts.bind(testApp.store);
    testApp.store.callFacts = async (filter, args) => {
      assert.deepEqual(audited, ['calls.export'], 'audited before the first read');
      if (args.after) throw new Error('disk I/O error');
      return callFacts(filter, args);
    };
    const res = await csv('?from=2026-11-02&to=2026-11-02&agent=lee').catch((error: unknown) => error);
    assert.ok(!(res instanceof Error) || /aborted|socket hang up|ECONNRESET/.test(res.message), String(res));
    const [done, started] = await testApp.store.auditLog({ limit: 2 });
    assert.deepEqual([started?.action, started?.details.agents], ['calls.export', ['lee']]);
    assert.deepEqual([done?.action, done?.details.rows, done?.details.complete], ['calls.export.done', 1000, false]);
  });
});
