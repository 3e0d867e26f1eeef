import assert from 'node:assert/strict';
import { hkdfSync, randomBytes } from 'node:crypto';
import { SignJWT, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { EXPORT_TICKET_AUDIENCE, ExportTickets } from '../../connector/src/auth/export-tickets.js';
import { SESSION_AUDIENCE, SESSION_ISSUER } from '../../connector/src/auth/session-tokens.js';
import { newSignInKey } from '../../connector/src/auth/sign-in-key.js';
import { asAgent, buildTestApp, closeTestApps, type TestApp } from './test-app.js';
import { seedCalls } from './usage-calls.js';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const EXPIRED = 'This download link has expired; export again from the admin console.';
const NOT_VALID = 'This download link is not valid; export again from the admin console.';

/** Reads a response body as text, whatever its type. */
const asText = (res: request.Response, done: (error: Error | null, body: string) => void) => {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => done(null, text));
};

describe('admin API: calls export download links', () => {
  let testApp: TestApp;
  let clock: number;
  const secretsKey = randomBytes(32);

  const issue = (body: object, bearer = ADMIN) =>
    request(testApp.app).post('/api/v1/admin/exports/calls').set('Authorization', `Bearer ${bearer}`).send(body);
  /** Follows a link as a browser does: no Authorization header. */
  const download = (url: string) => request(testApp.app).get(url).buffer(true).parse(asText);
  const direct = (query: string) =>
    request(testApp.app).get(`/api/v1/admin/calls.csv${query}`).set('Authorization', `Bearer ${ADMIN}`).buffer(true).parse(asText);
  const ticketOf = (url: string) => new URL(url, 'http://connector.test').searchParams.get('ticket')!;

  beforeEach(async () => {
    clock = Date.parse('2026-11-05T12:00:00.000Z');
    testApp = buildTestApp({ adminToken: ADMIN, exportTickets: new ExportTickets({ keys: { current: secretsKey, previous: [] }, now: () => clock }) });
    await testApp.store.createAgent({ id: 'maria', name: 'Maria', team: 'Sales', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    await testApp.store.createAgent({ id: 'lee', name: 'Lee', team: 'Support', crmUserId: null, disabled: false, tokenHash: newSignInKey().hash });
    await seedCalls(testApp.store, [
      { agentId: 'maria', callId: 'm1', start: '2026-11-02T10:00:00.000Z', notes: 'Call back, "Tuesday"', wrapUpAfterSeconds: 20 },
      { agentId: 'lee', callId: 'l1', start: '2026-11-02T11:00:00.000Z', result: 'busy' },
      { agentId: 'maria', callId: 'm2', start: '2026-11-03T09:00:00.000Z', direction: 'inbound' },
      { agentId: 'lee', callId: 'l2', start: '2026-11-09T09:00:00.000Z' },
    ]);
  });
  afterEach(closeTestApps);

  it('issues a link that downloads, without a bearer, the same bytes as the direct export, audited under the admin', async () => {
    const issued = await issue({ from: '2026-11-01', to: '2026-11-04', tz: 'Europe/London' });
    assert.equal(issued.status, 201, issued.text);
    assert.equal(issued.headers['cache-control'], 'no-store');
    assert.deepEqual(Object.keys(issued.body).sort(), ['expiresAt', 'url']);
    assert.match(issued.body.url, /^\/api\/v1\/admin\/exports\/calls\.csv\?ticket=[A-Za-z0-9_.-]+$/);
    assert.equal(issued.body.expiresAt, '2026-11-05T12:01:00.000Z', 'the link works for 60 s');

    const viaLink = await download(issued.body.url);
    assert.equal(viaLink.status, 200, viaLink.text);
    const viaBearer = await direct('?from=2026-11-01&to=2026-11-04&tz=Europe/London');
    assert.equal(viaLink.body, viaBearer.body);
    assert.equal((viaLink.body as string).split('\r\n').length, 1 + 3 + 1, 'header, three calls, the final line end');
    for (const header of ['content-type', 'content-disposition', 'cache-control']) assert.equal(viaLink.headers[header], viaBearer.headers[header], header);
    assert.equal(viaLink.headers['content-disposition'], 'attachment; filename="calls-2026-11-01-to-2026-11-04.csv"');

    const audit = (await testApp.store.auditLog({ limit: 10 })).reverse();
    assert.deepEqual(audit.map((e) => [e.actor, e.action]), [
      ['admin-token', 'calls.export'], ['admin-token', 'calls.export.done'], ['admin-token', 'calls.export'], ['admin-token', 'calls.export.done'],
    ]);
    assert.deepEqual(audit[1]!.details, { from: '2026-11-01', to: '2026-11-04', tz: 'Europe/London', agents: null, team: null, rows: 3, complete: true });
  });

  it('carries the filter in the link: agents (an array or comma-separated), team, dates and zone', async () => {
    const ids = async (body: object) => {
      const issued = await issue(body);
      assert.equal(issued.status, 201, issued.text);
      const rows = ((await download(issued.body.url)).body as string).split('\r\n').slice(1, -1);
      return rows.map((row) => row.split(',')[0]);
    };
    assert.deepEqual(await ids({ from: '2026-11-01', to: '2026-11-04', agent: ['maria'] }), ['m1', 'm2']);
    assert.deepEqual(await ids({ from: '2026-11-01', to: '2026-11-04', agent: 'lee,maria' }), ['m1', 'l1', 'm2']);
    assert.deepEqual(await ids({ from: '2026-11-01', to: '2026-11-04', team: 'Support' }), ['l1']);
    assert.deepEqual(await ids({ from: '2026-11-03', to: '2026-11-09' }), ['m2', 'l2']);
    // Without dates, the 7 days ending today when the link was issued: resolved into the link.
    const today = new Date().toISOString().slice(0, 10);
    const weekAgo = new Date(Date.parse(today) - 6 * 86_400_000).toISOString().slice(0, 10);
    const issued = await issue({ tz: 'UTC' });
    const res = await download(issued.body.url);
    assert.equal(res.headers['content-disposition'], `attachment; filename="calls-${weekAgo}-to-${today}.csv"`);
    const [started] = (await testApp.store.auditLog({ limit: 2 })).reverse();
    assert.deepEqual(started!.details, { from: weekAgo, to: today, tz: 'UTC', agents: null, team: null });
    const claims = JSON.parse(Buffer.from(ticketOf(issued.body.url).split('.')[1]!, 'base64url').toString('utf8')) as { q: object };
    assert.deepEqual(claims.q, { from: weekAgo, to: today, tz: 'UTC', agents: null, team: null }, 'the dates are in the ticket');
  });

  it('audits a link’s download under the admin agent who asked for it', async () => {
    const boss = await asAgent(testApp, 'boss', { role: 'admin' });
    const issued = await issue({ from: '2026-11-02', to: '2026-11-02', agent: ['lee'] }, boss.token);
    assert.equal(issued.status, 201, issued.text);
    assert.equal((await download(issued.body.url)).status, 200);
    const [done, started] = await testApp.store.auditLog({ limit: 2 });
    assert.deepEqual([started!.actor, started!.action, started!.details.agents], ['agent:boss', 'calls.export', ['lee']]);
    assert.deepEqual([done!.actor, done!.action, done!.details.rows], ['agent:boss', 'calls.export.done', 1]);
  });

  it('refuses an expired link with 401 and says to export again, reading and auditing nothing', async () => {
    const issued = await issue({ from: '2026-11-01', to: '2026-11-04' });
    clock += 60_000 + 5_000 + 1000; // past the expiry and its 5 s of clock tolerance
    const audited = (await testApp.store.auditLog({ limit: 10 })).length;
    const res = await download(issued.body.url);
    assert.equal(res.status, 401);
    assert.deepEqual(JSON.parse(res.body as string), { error: { code: 'EXPORT_LINK_INVALID', message: EXPIRED } });
    assert.equal((await testApp.store.auditLog({ limit: 10 })).length, audited);
  });

  it('refuses a tampered, forged or foreign ticket with 401', async () => {
    const issued = await issue({ from: '2026-11-01', to: '2026-11-04', team: 'Support' });
    const ticket = ticketOf(issued.body.url);
    const [header, payload, signature] = ticket.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { q: { team: string | null } };
    claims.q.team = null;
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;

    const ticketKey = new Uint8Array(hkdfSync('sha256', secretsKey, new Uint8Array(0), 'calls-export-ticket-v1', 32));
    const kid = decodeProtectedHeader(ticket).kid!;
    const sign = (audience: string, key: Uint8Array) =>
      new SignJWT({ q: claims.q })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
        .setSubject('admin-token')
        .setIssuer(SESSION_ISSUER)
        .setAudience(audience)
        .setIssuedAt(Math.floor(clock / 1000))
        .setExpirationTime(Math.floor(clock / 1000) + 60)
        .setJti('forged-jti-0001')
        .sign(key);
    const maria = await asAgent(testApp, 'maria');
    const tickets = {
      tampered,
      'signed with the ticket key, for the agent API': await sign(SESSION_AUDIENCE, ticketKey),
      'signed with another key': await sign(EXPORT_TICKET_AUDIENCE, randomBytes(32)),
      'a session token': maria.token,
      'not a token at all': 'not-a-ticket',
    };
    assert.equal((await download(`/api/v1/admin/exports/calls.csv?ticket=${encodeURIComponent(await sign(EXPORT_TICKET_AUDIENCE, ticketKey))}`)).status, 200, 'the key is the ticket key');
    for (const [what, forged] of Object.entries(tickets)) {
      const res = await download(`/api/v1/admin/exports/calls.csv?ticket=${encodeURIComponent(forged)}`);
      assert.equal(res.status, 401, what);
      assert.deepEqual(JSON.parse(res.body as string), { error: { code: 'EXPORT_LINK_INVALID', message: NOT_VALID } }, what);
    }
  });

  it('opens no other admin route: a ticket is neither a bearer nor a query credential', async () => {
    const issued = await issue({ from: '2026-11-01', to: '2026-11-04' });
    const ticket = ticketOf(issued.body.url);
    const asQuery = await request(testApp.app).get(`/api/v1/admin/agents?ticket=${encodeURIComponent(ticket)}`);
    assert.equal(asQuery.status, 401);
    assert.equal(asQuery.body.error.code, 'UNAUTHENTICATED');
    const asBearer = await request(testApp.app).get('/api/v1/admin/calls.csv?from=2026-11-01&to=2026-11-04').set('Authorization', `Bearer ${ticket}`);
    assert.equal(asBearer.status, 401);
    const issueWithTicket = await request(testApp.app).post('/api/v1/admin/exports/calls').set('Authorization', `Bearer ${ticket}`).send({});
    assert.equal(issueWithTicket.status, 401);
  });

  it('validates the filter exactly as the usage query, naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{ from: '9999-12-25', to: '9999-12-31' }, /^body\.from must be a date in the years 1970 to 9998/],
      [{ from: '2026-02-30' }, /^body\.from must be a date YYYY-MM-DD/],
      [{ from: '2026-11-05', to: '2026-11-04' }, /^body\.to must be on or after from \(2026-11-05\)/],
      [{ from: '2025-01-01', to: '2026-01-02' }, /^body\.to must be at most 366 days after from/],
      [{ tz: 'Mars/Olympus_Mons' }, /^body\.tz must be an IANA time zone/],
      [{ agent: ['maria', 'bad id'] }, /^body\.agent\.1 must be 1 to 64 letters/],
      [{ agent: 'maria,bad id' }, /^body\.agent\.1 must be 1 to 64 letters/],
      [{ agent: [7] }, /^body\.agent\.0 must be/],
      [{ team: '' }, /^body\.team must be a team name/],
      [{ form: '2026-11-01' }, /^The request body has fields the API does not know \(form\)/],
    ];
    for (const [body, message] of cases) {
      const res = await issue(body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.match(res.body.error.message, message, JSON.stringify(body));
    }
    const array = await request(testApp.app).post('/api/v1/admin/exports/calls').set('Authorization', `Bearer ${ADMIN}`).send([]);
    assert.equal(array.status, 400, array.text);
    assert.match(array.body.error.message, /must be a JSON object/);
  });

  it('refuses a download without a ticket, or with other parameters, and methods other than GET', async () => {
    const none = await request(testApp.app).get('/api/v1/admin/exports/calls.csv');
    assert.equal(none.status, 400);
    assert.match(none.body.error.message, /^query\.ticket must be given once/);
    const issued = await issue({ from: '2026-11-01', to: '2026-11-04' });
    const extra = await request(testApp.app).get(`${issued.body.url}&team=Sales`);
    assert.equal(extra.status, 400);
    assert.match(extra.body.error.message, /a download link takes only its ticket/);
    assert.equal((await request(testApp.app).post(issued.body.url).send({})).status, 405);
    assert.equal((await request(testApp.app).get('/api/v1/admin/exports/calls').set('Authorization', `Bearer ${ADMIN}`)).status, 405);
  });
});
