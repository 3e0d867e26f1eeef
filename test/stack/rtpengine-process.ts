import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasExited, killOnExit, stopChild } from './child-processes.js';
import { freeUdpPort, freeUdpPortBlock } from './free-port.js';
import { logTail } from './log-tail.js';
import { requireExecutable } from './require-tool.js';
import { rtpengineCommand } from './rtpengine-ng.js';

/** Ports for media: two per stream and side, so 200 carry a few dozen calls at once. */
const MEDIA_PORTS = 200;

export interface RtpengineOptions {
  /** How long start may take before it fails with rtpengine's log. Default 10 s. */
  readonly startTimeoutMs?: number;
}

/** A running rtpengine, controlled over its ng port on 127.0.0.1. */
export interface RtpengineProcess {
  /** The UDP port of its ng control protocol (Kamailio's `rtpengine_sock`). */
  readonly ngPort: number;
  /** The UDP ports it relays media on: `[first, last]`. */
  readonly mediaPorts: readonly [number, number];
  /** Everything rtpengine logged so far. */
  logs(): string;
  /** Resolves when it still answers an ng `ping`; throws with its log when it has exited or stays silent. */
  checkAlive(): Promise<void>;
  /** Stops rtpengine and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts rtpengine as a userspace-only media relay for tests: in the foreground, logging to stderr, on 127.0.0.1 with
 * a free ng control port and a free block of media ports; no kernel forwarding table, no Redis, no config file (the
 * Debian package's /etc/rtpengine/rtpengine.conf would add HTTP and CLI listeners on fixed ports). A deleted call is
 * dropped at once rather than kept for 30 s, so a test can see it gone. Resolves once it answers an ng `ping`.
 * Throws with its log when it does not start, and names the Debian package when it is missing.
 */
export async function startRtpengine(options: RtpengineOptions = {}): Promise<RtpengineProcess> {
  const binary = requireExecutable('rtpengine', 'rtpengine-daemon');
  const ngPort = await freeUdpPort();
  const firstMediaPort = await freeUdpPortBlock(MEDIA_PORTS);
  const mediaPorts = [firstMediaPort, firstMediaPort + MEDIA_PORTS - 1] as const;
  const args = [
    '--config-file=none',
    '--table=-1',
    '--foreground',
    '--log-stderr',
    '--log-level=6',
    '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${ngPort}`,
    `--port-min=${mediaPorts[0]}`,
    `--port-max=${mediaPorts[1]}`,
    '--delete-delay=0',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  let log = '';
  const append = (chunk: string): void => {
    log += chunk;
  };
  child.stdout!.setEncoding('utf8').on('data', append);
  child.stderr!.setEncoding('utf8').on('data', append);
  let exit: string | undefined;
  child.once('error', (error) => (exit = `could not run ${binary}: ${error.message}`));
  child.once('exit', (code, signal) => (exit ??= `exited with ${signal ?? `code ${code}`}`));

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  for (;;) {
    const failure = exit ?? (Date.now() > deadline ? `no answer to ping on udp ${ngPort}` : undefined);
    if (failure !== undefined) {
      await stopChild(child);
      throw new Error(`rtpengine did not start: ${failure}\n--- rtpengine log ---\n${logTail(log, 40)}`);
    }
    const reply = await rtpengineCommand(ngPort, { command: 'ping' }, 200).catch(() => undefined);
    if (reply?.result === 'pong') break;
    await sleep(50);
  }
  return {
    ngPort,
    mediaPorts,
    logs: () => log,
    checkAlive: async () => {
      const reply = exit === undefined ? await rtpengineCommand(ngPort, { command: 'ping' }, 1000).catch(() => undefined) : undefined;
      if (reply?.result !== 'pong') {
        throw new Error(`rtpengine stopped answering: ${exit ?? `no answer to ping on udp ${ngPort}`}\n--- rtpengine log ---\n${logTail(log, 40)}`);
      }
    },
    stop: async () => {
      if (!hasExited(child)) await stopChild(child);
    },
  };
}
