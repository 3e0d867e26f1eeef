import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { hasExited, killOnExit, stopChild } from './child-processes.js';
import { freeUdpPort, freeUdpPortRange } from './free-port.js';
import { requireExecutable } from './require-tool.js';
import { headerValue, parseSippMessageLog, type SipMessage } from './sip-message.js';
import { udpPortBound } from './udp-port-bound.js';

/** The scenarios in test/stack/scenarios, by file name without `.xml`; a path to another file works too. */
export type SippScenario =
  | 'uas-answer'
  | 'uas-remote-hangup'
  | 'uas-busy'
  | 'uas-no-answer'
  | 'uas-decline'
  | 'uas-refer'
  | 'uas-ring-unavailable'
  | 'uac-call-agent'
  | 'uac-call-agent-talk'
  | 'uac-call-agent-declined'
  | 'uac-call-agent-cancel'
  | (string & {});

export interface SippOptions {
  readonly scenario: SippScenario;
  /** UDP port sipp binds on 127.0.0.1: a UAS for the PSTN stand-in uses the stack's `pstnPort`. Default: a free one. */
  readonly localPort?: number;
  /** `host:port` a UAC sends to (Kamailio: `127.0.0.1:<udpPort>`). Leave out for a UAS. */
  readonly remote?: string;
  /** The Request-URI user a UAC calls (`[service]`, sipp's `-s`). */
  readonly service?: string;
  /** Scenario keywords (`-key name value`), e.g. `{ caller: '+14155550100', domain: stack.domain }`. */
  readonly keys?: Readonly<Record<string, string>>;
  /** Calls to handle (UAS) or place (UAC) before sipp exits. Default 1; 0 for no limit (a long-running far end). */
  readonly calls?: number;
  /** Length of the scenario's `<pause/>` in ms (sipp's `-d`): how long a call lasts before sipp hangs up. */
  readonly pauseMs?: number;
  /** sipp gives up, and fails, after this long. Default 30 s; 0 for no overall timeout. */
  readonly timeoutMs?: number;
  /**
   * Echo every RTP packet received on sipp's media port back to its sender (sipp's `-rtp_echo`), so the caller
   * hears itself: audio flows both ways, which a browser's getStats shows. Default false (sipp sends no media).
   */
  readonly rtpEcho?: boolean;
}

/** What sipp saw, for assertions and for diagnosing a failure. */
export interface SippResult {
  /** sipp's exit code: 0 when every call followed the scenario to its end; null when killed. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly successfulCalls: number;
  readonly failedCalls: number;
  /** sipp's cumulative counters from its statistics file (`SuccessfulCall`, `FailedUnexpectedMessage`, ...). */
  readonly counters: Readonly<Record<string, number>>;
  /** Every SIP message sipp sent or received, in order. */
  readonly messages: readonly SipMessage[];
  /** Requests sipp received with this method (e.g. `INVITE` counts the re-INVITEs too, `INFO` holds DTMF bodies). */
  received(method: string): SipMessage[];
  /** sipp's unexpected-message and error log, its last screen and stderr: print it when a test fails. */
  readonly diagnostics: string;
}

/** A sipp process started by {@link startSipp}. */
export interface SippRun {
  /** The UDP port sipp listens on. */
  readonly port: number;
  /** Resolves when sipp exits, by itself or through {@link stop}. Never rejects. */
  readonly done: Promise<SippResult>;
  /** Kills sipp (if still running) and resolves with what it saw. */
  stop(): Promise<SippResult>;
}

const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');

/**
 * Runs sipp with one of this project's scenarios on 127.0.0.1 without a terminal, tracing every message, and
 * resolves once sipp has bound its UDP port, so a call sent right after reaches it. Rejects a `localPort` some
 * process holds already: sipp could not bind it, yet the port would look ready.
 */
export async function startSipp(options: SippOptions): Promise<SippRun> {
  const binary = requireExecutable('sipp', 'sip-tester');
  const scenario = options.scenario.endsWith('.xml') ? options.scenario : join(SCENARIOS, `${options.scenario}.xml`);
  if (!existsSync(scenario)) throw new Error(`No sipp scenario ${scenario}`);
  if (options.localPort !== undefined && (await udpPortBound(options.localPort))) {
    throw new Error(`udp port ${options.localPort} on 127.0.0.1 is in use (a sipp left running?)`);
  }
  const folder = mkdtempSync(join(tmpdir(), 'sipp-'));
  const files = {
    messages: join(folder, 'messages.log'),
    errors: join(folder, 'errors.log'),
    stats: join(folder, 'stats.csv'),
    screen: join(folder, 'screen.log'),
  };
  const port = options.localPort ?? (await freeUdpPort());
  const mediaPort = await freeUdpPortRange(3);
  const controlPort = await freeUdpPort();
  const args = [
    ...(options.remote ? [options.remote] : []),
    '-sf', scenario,
    '-i', '127.0.0.1', '-mi', '127.0.0.1',
    '-p', String(port), '-mp', String(mediaPort), '-cp', String(controlPort),
    ...(options.calls === 0 ? [] : ['-m', String(options.calls ?? 1)]),
    '-nostdin',
    ...(options.timeoutMs === 0 ? [] : ['-timeout', `${options.timeoutMs ?? 30_000}ms`, '-timeout_error']),
    ...(options.rtpEcho ? ['-rtp_echo'] : []),
    '-trace_msg', '-message_file', files.messages,
    '-trace_err', '-error_file', files.errors,
    '-trace_stat', '-stf', files.stats,
    '-trace_screen', '-screen_file', files.screen,
    ...(options.service !== undefined ? ['-s', options.service] : []),
    ...(options.pauseMs !== undefined ? ['-d', String(options.pauseMs)] : []),
    ...Object.entries(options.keys ?? {}).flatMap(([name, value]) => ['-key', name, value]),
  ];
  const child = spawn(binary, args, { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
  killOnExit(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const done = new Promise<SippResult>((resolve) => {
    let spawnError = '';
    child.once('error', (error) => (spawnError = `could not run ${binary}: ${error.message}\n`));
    child.once('close', (code, signal) => {
      resolve(readResult(files, code, signal, spawnError + stderr));
      rmSync(folder, { recursive: true, force: true });
    });
  });

  const deadline = Date.now() + 5000;
  while (!(await udpPortBound(port))) {
    if (hasExited(child) || Date.now() > deadline) {
      await stopChild(child);
      const result = await done;
      throw new Error(`sipp did not start listening on udp ${port}\n${result.diagnostics}`);
    }
    await sleep(10);
  }
  return {
    port,
    done,
    async stop() {
      await stopChild(child, 1000);
      return done;
    },
  };
}

/** The Refer-To of the first REFER sipp received (`uas-refer`), or undefined when none came. */
export function receivedReferTo(result: SippResult): string | undefined {
  const refer = result.received('REFER')[0];
  return refer ? headerValue(refer, 'Refer-To') : undefined;
}

function readResult(
  files: { messages: string; errors: string; stats: string; screen: string },
  exitCode: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
): SippResult {
  const read = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  const messages = parseSippMessageLog(read(files.messages));
  const counters = parseStatistics(read(files.stats));
  const lastScreen = read(files.screen).split('\n').slice(-60).join('\n');
  return {
    exitCode,
    signal,
    successfulCalls: counters.SuccessfulCall ?? 0,
    failedCalls: counters.FailedCall ?? 0,
    counters,
    messages,
    received: (method) =>
      messages.filter((message) => message.direction === 'received' && message.status === undefined && message.method === method),
    diagnostics: [
      `sipp exit: ${signal ?? `code ${exitCode}`}`,
      `--- errors ---\n${read(files.errors)}`,
      `--- stderr ---\n${stderr}`,
      `--- last screen ---\n${lastScreen}`,
      `--- messages (${messages.length}) ---\n${messages.map((m) => `${m.direction}: ${m.startLine}`).join('\n')}`,
    ].join('\n'),
  };
}

/** The last line of sipp's `-trace_stat` CSV, cumulative `(C)` columns only, keyed without the suffix. */
function parseStatistics(csv: string): Record<string, number> {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0]?.split(';') ?? [];
  const last = lines.length > 1 ? (lines[lines.length - 1]?.split(';') ?? []) : [];
  const counters: Record<string, number> = {};
  header.forEach((name, index) => {
    const value = Number(last[index]);
    if (name.endsWith('(C)') && Number.isFinite(value)) counters[name.slice(0, -3)] = value;
  });
  return counters;
}
