import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { killOnExit } from '../../test/stack/child-processes.js';

export interface ServerProcessOptions {
  /** Names the server in errors, e.g. `the connector`. */
  readonly what: string;
  /** The JavaScript file `node` runs. */
  readonly main: string;
  /** Node flags before `main`, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  readonly cwd: string;
  /** The whole environment of the child. */
  readonly env: Record<string, string>;
  /** Where its stdout goes: a file, as a service manager or container runtime keeps a service's log. */
  readonly stdoutFile: string;
  /** What it writes on stderr once it listens. */
  readonly ready: RegExp;
  readonly readyWithinMs: number;
}

/**
 * A server in its own `node` process, started and stopped as a service manager does: ready once it says so on stderr,
 * stopped with SIGTERM (SIGKILL 15 s later). Killed with the benchmark if the benchmark dies first.
 */
export class ServerProcess {
  private stderrText = '';
  private stopRequested = false;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly options: ServerProcessOptions,
    private readonly child: ChildProcess,
  ) {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderrText += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const stdout = openSync(options.stdoutFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.main], { cwd: options.cwd, env: options.env, stdio: ['ignore', stdout, 'pipe'] });
    } finally {
      closeSync(stdout);
    }
    killOnExit(child);
    const server = new ServerProcess(options, child);
    try {
      await server.waitUntilReady();
    } catch (error) {
      await server.stop().catch(() => undefined);
      throw error;
    }
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** How it ended, with what it wrote on stderr, when it exited without being asked to; null otherwise. */
  get exitedBy(): string | null {
    if (this.running || this.stopRequested) return null;
    return `${this.options.what} exited by itself (code ${this.child.exitCode}, signal ${this.child.signalCode})\n${this.stderrText}`;
  }

  /** SIGTERM and the wait for a clean exit; fails if it exits otherwise or needs SIGKILL. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopRequested = true;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 15_000)));
    const exit = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (exit === 'late') {
      this.child.kill('SIGKILL');
      await this.exited;
      throw new Error(`${this.options.what} did not stop within 15 s of SIGTERM and was killed\n${this.stderrText}`);
    }
    if (exit.code !== 0) throw new Error(`${this.options.what} exited with ${JSON.stringify(exit)} on SIGTERM\n${this.stderrText}`);
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + this.options.readyWithinMs;
    while (!this.options.ready.test(this.stderrText)) {
      if (!this.running) throw new Error(`${this.options.what} exited before it was ready\n${this.stderrText}`);
      if (Date.now() > deadline) throw new Error(`${this.options.what} was not ready within ${this.options.readyWithinMs} ms\n${this.stderrText}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
