import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Inviter, SessionState, UserAgent, type Invitation } from 'sip.js';
import { killOnExit, stopChild } from './child-processes.js';
import { startNodeAgent, type NodeAgent } from './sip-stack.js';
import { udpPortBound } from './udp-port-bound.js';
import { waitFor, waitForSessionState } from './session-waits.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LI = { username: 'li', password: 'li-Long-Secret-42' };

/** What `stack ready {json}` announces. */
interface StackReady {
  pid: number;
  domain: string;
  wsUrl: string;
  udpPort: number;
  agents: { username: string; password: string }[];
}

/** The stack script running as a child of the test, with what it printed. */
interface StackCli {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly output: string[];
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern`, or fails after `ms` with everything printed so far. */
  nextLine(pattern: RegExp, ms?: number): Promise<string>;
}

/** A test waiting for a line of the stack's output. */
interface LineWaiter {
  readonly pattern: RegExp;
  readonly done: (line: string) => void;
}

/**
 * Runs scripts/sip-stack.ts in node itself, not through npx, so the child is the stack: killing it on cleanup kills
 * no mere wrapper. `--exit-with-stdin` makes it stop itself should this test process die without cleaning up.
 */
function spawnStackCli(args: readonly string[]): StackCli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sip-stack.ts', '--exit-with-stdin', ...args], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  killOnExit(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output: string[] = [];
  const waiters = new Set<LineWaiter>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    output.push(line);
    for (const waiter of waiters) {
      if (!waiter.pattern.test(line)) continue;
      waiters.delete(waiter);
      waiter.done(line);
    }
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return {
    child,
    exited,
    output,
    stderr: () => stderr,
    nextLine: (pattern, ms = 30_000) => {
      const seen = output.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      let waiter: LineWaiter | undefined;
      const register = (done: (line: string) => void): void => void waiters.add((waiter = { pattern, done }));
      return waitFor<string>(`a line matching ${pattern}`, register, ms).catch((error: Error) => {
        if (waiter) waiters.delete(waiter);
        throw new Error(`${error.message}\n--- stdout ---\n${output.join('\n')}\n--- stderr ---\n${stderr}`);
      });
    },
  };
}

/** Whether a process with this pid still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run stack (scripts/sip-stack.ts): the offline SIP server for the demo', function () {
  this.timeout(60_000);
  let cli: StackCli | undefined;
  let readyPid: number | undefined;
  let agent: NodeAgent | undefined;

  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    // SIGTERM first: the stack then stops Kamailio, rtpengine and sipp, which a SIGKILL would leave running.
    if (cli) await stopChild(cli.child, 5000);
    if (readyPid !== undefined && alive(readyPid)) process.kill(readyPid, 'SIGKILL');
    cli = undefined;
    readyPid = undefined;
  });

  /** Starts the stack and resolves with its `stack ready` announcement. */
  const startStack = async (args: readonly string[]): Promise<StackReady> => {
    const started = Date.now();
    cli = spawnStackCli(args);
    const readyLine = await cli.nextLine(/^stack ready /);
    const ready = JSON.parse(readyLine.slice('stack ready '.length)) as StackReady;
    readyPid = ready.pid;
    console.log(`      stack ready after ${Date.now() - started} ms on ${ready.wsUrl}`);
    return ready;
  };

  it('starts Kamailio with an echoing PSTN, places and receives calls, and stops cleanly on SIGTERM', async () => {
    const ready = await startStack(['--agent', `${LI.username}:${LI.password}`]);
    const { output, exited } = cli!;
    assert.deepEqual(ready.agents, [LI]);
    assert.equal(ready.pid, cli!.child.pid, 'the announced pid is the stack process itself');
    assert.equal(ready.domain, 'pbx.demo.test');
    assert.ok(output.some((line) => line.includes(`SIP_WS_URL=${ready.wsUrl}`)), 'prints SIP_WS_URL for the connector');
    assert.ok(output.some((line) => /ADMIN_TOKEN=\S{32,} SIP_DOMAIN=pbx\.demo\.test SIP_WS_URL=\S+ npm start/.test(line)));
    assert.ok(output.some((line) => line.includes('/api/v1/admin/agents')), 'prints how to create the agent');
    assert.equal(await udpPortBound(ready.udpPort), true);

    let onInvite: ((invitation: Invitation) => void) | undefined;
    agent = await startNodeAgent({ stack: ready, user: LI, onInvite: (invitation) => onInvite?.(invitation) });
    assert.equal(await agent.register(), 200);

    const dialled = Date.now();
    const outbound = new Inviter(agent.userAgent, UserAgent.makeURI(`sip:+14155552671@${ready.domain};user=phone`)!);
    await outbound.invite();
    await waitForSessionState(outbound, SessionState.Established);
    console.log(`      PSTN number answered ${Date.now() - dialled} ms after the INVITE`);
    await outbound.bye();
    await waitForSessionState(outbound, SessionState.Terminated);

    const invited = waitFor<Invitation>('the PSTN to call li', (done) => (onInvite = done), 10_000);
    cli!.child.stdin!.write('call li +14155550100\n');
    const inbound = await invited;
    assert.equal(inbound.remoteIdentity.uri.user, '+14155550100');
    await inbound.accept();
    await waitForSessionState(inbound, SessionState.Established);
    await inbound.bye();
    await cli!.nextLine(/^call from \+14155550100 to li ended$/, 10_000);

    // The stack's own process, as a script started through npm or npx would have to signal it.
    const stopping = Date.now();
    process.kill(ready.pid, 'SIGTERM');
    const code = await exited;
    console.log(`      stopped ${Date.now() - stopping} ms after SIGTERM, exit code ${code}`);
    assert.equal(code, 0, `exit code\n--- stdout ---\n${output.join('\n')}\n--- stderr ---\n${cli!.stderr()}`);
    assert.equal(await udpPortBound(ready.udpPort), false, "Kamailio's UDP port is free again");
    assert.equal(alive(ready.pid), false, 'the stack process is gone');
  });

  it('with --exit-with-stdin, stops everything by itself when its stdin ends, as when its parent dies', async () => {
    const ready = await startStack(['--agent', LI.username]);
    const stopping = Date.now();
    cli!.child.stdin!.end();
    const code = await cli!.exited;
    console.log(`      stopped ${Date.now() - stopping} ms after stdin ended, exit code ${code}`);
    assert.equal(code, 0, `exit code\n--- stderr ---\n${cli!.stderr()}`);
    assert.ok(cli!.output.includes('stopping the SIP stack'));
    assert.equal(await udpPortBound(ready.udpPort), false, "Kamailio's UDP port is free again");
  });
});
