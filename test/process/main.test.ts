import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectorProcess } from './connector-process.js';

const START_MS = 15_000;
const EXIT_MS = 5_000;
const READY_LINE = /^Connector ready \(CRM: demo\)\. Open (http:\/\/127\.0\.0\.1:(\d+))\/$/;

describe('connector process (connector/src/main.ts)', function () {
  this.timeout(START_MS + EXIT_MS + 10_000);

  let dataDir: string;
  let connector: ConnectorProcess | null = null;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cti-main-'));
  });

  afterEach(async () => {
    if (connector?.running) {
      connector.kill('SIGKILL');
      await connector.waitForExit(EXIT_MS).catch(() => undefined);
    }
    connector = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(env: Record<string, string>): ConnectorProcess {
    connector = new ConnectorProcess({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env });
    return connector;
  }

  async function startReady(): Promise<{ process: ConnectorProcess; url: string; readyLine: string }> {
    const child = start({});
    const [readyLine, url] = await child.waitFor(
      'ready line on stderr',
      () => {
        const line = child.stderr.split('\n').find((l) => READY_LINE.test(l));
        return line ? ([line, READY_LINE.exec(line)![1]!] as const) : undefined;
      },
      START_MS,
    );
    return { process: child, url, readyLine };
  }

  it('starts on the demo CRM, says where to open it, serves the demo and guards the agent API, and stops cleanly on SIGTERM', async () => {
    const { process: child, url, readyLine } = await startReady();
    assert.equal(child.stderr, `${readyLine}\n`, 'stderr holds only the ready line');

    const agentApi = await fetch(`${url}/api/v1/records/Contact/CON-0001/numbers`, { signal: AbortSignal.timeout(5_000) });
    assert.equal(agentApi.status, 401, 'the agent API needs a session');
    const res = await fetch(`${url}/demo/api/records/Contact/CON-0001/numbers`, { signal: AbortSignal.timeout(5_000) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    const body = (await res.json()) as { numbers: { dialable: boolean }[] };
    assert.deepEqual(body.numbers.map((n) => n.dialable), [true, true]);

    const files = readdirSync(dataDir);
    assert.ok(files.includes('connector.sqlite'), `data dir holds ${files.join(', ')}`);
    assert.ok(files.includes('demo-crm.sqlite'), `data dir holds ${files.join(', ')}`);

    child.kill('SIGTERM');
    assert.deepEqual(await child.waitForExit(EXIT_MS), { code: 0, signal: null });

    const entries = child.stdoutLines().map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        assert.fail(`stdout line is not JSON: ${line}`);
      }
    });
    assert.ok(entries.some((e) => e.msg === 'connector listening' && e.url === url && e.crm === 'demo'));
    assert.ok(entries.some((e) => e.msg === 'shutting down' && e.signal === 'SIGTERM'));
    const last = entries.at(-1);
    assert.equal(last?.msg, 'stopped');
    assert.equal(last?.level, 30);
    assert.equal(child.stderr, `${readyLine}\n`, 'nothing more on stderr after shutting down');
  });

  it('stops cleanly on SIGINT (Ctrl-C) too', async () => {
    const { process: child } = await startReady();
    child.kill('SIGINT');
    assert.deepEqual(await child.waitForExit(EXIT_MS), { code: 0, signal: null });
    const entries = child.stdoutLines().map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(entries.some((e) => e.msg === 'shutting down' && e.signal === 'SIGINT'));
    assert.equal(entries.at(-1)?.msg, 'stopped');
  });

  it('refuses to start with a PORT that is not a port, in one line that says what PORT must be', async () => {
    const child = start({ PORT: 'abc' });
    const exit = await child.waitForExit(START_MS);
    assert.deepEqual(exit, { code: 1, signal: null });
    assert.equal(child.stderr, 'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "abc")\n');
    assert.equal(child.stdout, '');
    assert.deepEqual(readdirSync(dataDir), [], 'nothing is written before the config is valid');
  });

  it('refuses to start on Salesforce without credentials, in one line naming SF_CLIENT_ID', async () => {
    const child = start({ CRM: 'salesforce' });
    const exit = await child.waitForExit(START_MS);
    assert.deepEqual(exit, { code: 1, signal: null });
    const lines = child.stderr.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, child.stderr);
    assert.match(lines[0]!, /^Invalid configuration: SF_CLIENT_ID must be set when CRM=salesforce/);
    assert.ok(child.stderr.endsWith('\n'));
    assert.equal(child.stdout, '');
  });
});
