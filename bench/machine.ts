import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** What the figures were measured on, for RESULTS.md: the numbers mean little without it. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** Versions of the real parts the benchmarks drive, `missing` where one is not installed. */
  readonly tools: Readonly<Record<string, string>>;
}

export function describeMachine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${osRelease()} (Linux ${os.release()})`,
    node: process.version,
    tools: {
      chromium: firstLine('chromium', ['--version']),
      kamailio: firstLine('/usr/sbin/kamailio', ['-v']),
      rtpengine: firstLine('rtpengine', ['--version']),
      sipp: firstLine('sipp', ['-v']),
    },
  };
}

function osRelease(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

function firstLine(command: string, args: readonly string[]): string {
  // sipp -v exits 1 after printing its version and rtpengine prints it on stderr: the output counts, not the status.
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  if (run.error) return 'missing';
  return pickVersionLine(`${run.stdout}\n${run.stderr}`);
}

function pickVersionLine(out: string): string {
  const lines = out.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return (lines.find((line) => /\d+\.\d+/.test(line)) ?? lines[0] ?? 'unknown').slice(0, 80);
}
