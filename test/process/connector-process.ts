import { spawn, type ChildProcess } from 'node:child_process';
import { configSchema } from '../../connector/src/config/config-schema.js';
import { REPO_ROOT } from '../../connector/src/paths.js';
import { killOnExit } from '../stack/child-processes.js';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The real entry point in a child process, with what it wrote so far and bounded waits on it. */
export class ConnectorProcess {
  stdout = '';
  stderr = '';
  private exit: Exit | null = null;
  private readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'connector/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...settingsFreeEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A test that fails half-way must not leave a connector holding its port after mocha exits.
    killOnExit(this.child);
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      // 'close' rather than 'exit': by then stdout and stderr are read to the end.
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get running(): boolean {
    return this.exit === null;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Resolves with `probe()`'s first defined answer; fails if the process exits first or `ms` pass. */
  async waitFor<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (!this.running) throw new Error(`process exited (${JSON.stringify(this.exit)}) before ${what}\n${this.output()}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms\n${this.output()}`);
      await sleep(25);
    }
  }

  async waitForExit(ms: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`process still running after ${ms} ms\n${this.output()}`)), ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  stdoutLines(): string[] {
    return this.stdout.split('\n').filter((line) => line !== '');
  }

  private output(): string {
    return `--- stdout ---\n${this.stdout}--- stderr ---\n${this.stderr}`;
  }
}

/** The test runner's environment without any connector setting, so the developer's shell cannot change the result. */
function settingsFreeEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !(key in configSchema.shape)) env[key] = value;
  }
  return env;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
