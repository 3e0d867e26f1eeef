import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ID, DEVELOPER_API_KEY, PATH, SETTINGS, TEMPLATE } from '../crm/hubspot/hubspot-calling-fixtures.js';

describe('scripts/register-hubspot-calling.ts', function () {
  this.timeout(60_000);

  let server: Server;
  let baseUrl: string;
  let dir: string;
  const seen: string[] = [];
  let heldSettings: Record<string, unknown> | null = null;

  /** A loopback stand-in of HubSpot's settings endpoint, because the script runs in its own process. */
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hubspot-register-'));
    server = createServer((request, response) => {
      void readBody(request).then((body) => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        seen.push(`${request.method} ${url.pathname} hapikey=${url.searchParams.get('hapikey') === DEVELOPER_API_KEY ? 'ok' : 'wrong'}`);
        response.setHeader('Content-Type', 'application/json');
        if (url.searchParams.get('hapikey') !== DEVELOPER_API_KEY) {
          response.writeHead(401).end(JSON.stringify({ status: 'error', message: 'The API key provided is invalid.', category: 'INVALID_AUTHENTICATION' }));
        } else if (request.method === 'GET' && heldSettings === null) {
          response.writeHead(404).end(JSON.stringify({ status: 'error', message: 'Not found', category: 'OBJECT_NOT_FOUND' }));
        } else if (request.method === 'GET') {
          response.writeHead(200).end(JSON.stringify(heldSettings));
        } else {
          heldSettings = { ...(heldSettings ?? {}), ...(JSON.parse(body) as object), createdAt: '2025-03-14T09:30:00Z' };
          response.writeHead(200).end(JSON.stringify(heldSettings));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const settingsFile = (settings: unknown) => {
    const file = join(dir, `calling-${seen.length}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(settings));
    return file;
  };

  it('creates the settings, then reports them up to date on a second run, never printing the key', async () => {
    const file = settingsFile(SETTINGS);
    const env = { HUBSPOT_DEVELOPER_API_KEY: DEVELOPER_API_KEY };

    const first = await runScript(['--app-id', APP_ID, '--settings', file, '--api-base-url', baseUrl], env);
    const second = await runScript(['--app-id', APP_ID, '--settings', file, '--api-base-url', baseUrl], env);

    console.log(`      first run exit ${first.code}, second run exit ${second.code}; requests: ${seen.join(', ')}`);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`Created the calling settings of HubSpot app ${APP_ID}`));
    assert.equal((JSON.parse(first.stdout.slice(first.stdout.indexOf('{'))) as { url: string }).url, SETTINGS.url);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /were already up to date/);
    assert.deepEqual(seen, [`GET ${PATH} hapikey=ok`, `POST ${PATH} hapikey=ok`, `GET ${PATH} hapikey=ok`]);
    for (const run of [first, second]) assert.ok(!`${run.stdout}${run.stderr}`.includes(DEVELOPER_API_KEY));
  });

  it('exits 2 without HUBSPOT_DEVELOPER_API_KEY, and has no flag for the key', async () => {
    const file = settingsFile(SETTINGS);

    const missing = await runScript(['--app-id', APP_ID, '--settings', file], {});
    const flag = await runScript(['--app-id', APP_ID, '--settings', file, '--api-key', DEVELOPER_API_KEY], {});

    console.log(`      no key: exit ${missing.code}; --api-key: exit ${flag.code}`);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Set HUBSPOT_DEVELOPER_API_KEY/);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /read only from HUBSPOT_DEVELOPER_API_KEY/);
  });

  it('exits 1 on the unrendered template, before any request', async () => {
    const before = seen.length;

    const run = await runScript(['--app-id', APP_ID, '--settings', TEMPLATE, '--api-base-url', baseUrl], {
      HUBSPOT_DEVELOPER_API_KEY: DEVELOPER_API_KEY,
    });

    assert.equal(run.code, 1);
    assert.match(run.stderr, /register the rendered file, not the template/);
    assert.equal(seen.length, before);
  });

  it("exits 1 with HubSpot's refusal of a wrong key", async () => {
    const run = await runScript(['--app-id', APP_ID, '--settings', settingsFile(SETTINGS), '--api-base-url', baseUrl], {
      HUBSPOT_DEVELOPER_API_KEY: 'wrong-key-0000-1111',
    });

    assert.equal(run.code, 1);
    assert.match(run.stderr, /HubSpot refused the developer API key .*The API key provided is invalid/);
    assert.ok(!run.stderr.includes('wrong-key-0000-1111'));
  });
});

interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runScript(args: string[], env: Record<string, string>): Promise<ScriptRun> {
  const { HUBSPOT_DEVELOPER_API_KEY: _inherited, ...parentEnv } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/register-hubspot-calling.ts', ...args],
      { env: { ...parentEnv, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
}
