import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort, freeUdpPort } from './free-port.js';
import { killOnExit, ownsProcessGroup, stopChild } from './child-processes.js';
import { kamailioModuleFolder } from './kamailio-modules.js';
import { requireExecutable, requireFile } from './require-tool.js';
import { waitForKamailio } from './kamailio-probe.js';
import { logTail } from './log-tail.js';
import { startRtpengine, type RtpengineProcess } from './rtpengine-process.js';

/** A SIP account Kamailio accepts: digest auth with this plaintext password. */
export interface SipUser {
  readonly username: string;
  readonly password: string;
}

export interface KamailioOptions {
  /** The agents that may register and call; any other user part is routed to the PSTN stand-in. */
  readonly users: readonly SipUser[];
  /** The SIP domain (host part of the agents' AORs, the digest realm). Default `pbx.demo.test`. */
  readonly domain?: string;
  /** How long start (and restart) may take before it fails with Kamailio's log. Default 10 s. */
  readonly startTimeoutMs?: number;
  /**
   * Also start rtpengine and relay the media of every call between a WebSocket agent and the UDP (PSTN) side through
   * it, so a browser (ICE + DTLS-SRTP) and sipp (plain RTP) hear each other. An agent that speaks plain RTP over
   * WebSocket (the Node test agent) is relayed without conversion. Default false: media goes end to end.
   */
  readonly relayMedia?: boolean;
  /** The WebSocket port on 127.0.0.1. Default: a free one. A fixed one keeps a connector's SIP_WS_URL stable. */
  readonly wsPort?: number;
  /**
   * Also accept ephemeral credentials (Kamailio's auth_ephemeral, as the connector mints them with
   * `SIP_EPHEMERAL_SECRET`) made with this shared secret: user name `<expiry unix time>:<user>`, password
   * base64(HMAC-SHA1(secret, user name)). Such agents need not be in `users`; a call for one reaches its registration.
   * `users` keep their plaintext passwords alongside. Default: none, and the stack is exactly as without this option.
   */
  readonly ephemeralSecret?: string;
}

/** The media relay of a stack started with `relayMedia`. */
export interface MediaRelay {
  /** rtpengine's ng control port on 127.0.0.1 (query it with `rtpengineCallIds`). */
  readonly ngPort: number;
  /** Everything rtpengine logged so far. */
  logs(): string;
}

/**
 * A running Kamailio on loopback ports chosen at start. It keeps those ports across {@link restart}, so clients that
 * reconnect find it again.
 */
export interface KamailioStack {
  readonly domain: string;
  /** `ws://127.0.0.1:<port>`: the WebSocket listener sip.js connects to. */
  readonly wsUrl: string;
  readonly wsPort: number;
  /** Kamailio's UDP port on 127.0.0.1, where the PSTN side (a sipp UAC) sends its calls. */
  readonly udpPort: number;
  /** Where Kamailio sends calls for non-agents: start a sipp UAS with `localPort: pstnPort`. */
  readonly pstnPort: number;
  /** rtpengine, when started with `relayMedia`; null otherwise. */
  readonly mediaRelay: MediaRelay | null;
  /**
   * Stops Kamailio (every registration and WebSocket connection is lost) and starts it again on the same ports.
   * rtpengine keeps running, as a separate media server would: media of established calls keeps flowing.
   */
  restart(): Promise<void>;
  /** Stops Kamailio and rtpengine and resolves once both have exited. Safe to call twice. */
  stop(): Promise<void>;
  /** Everything Kamailio logged so far, across restarts. */
  logs(): string;
}

const CONFIG_TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), 'kamailio.cfg');
const USERS_FILE = 'stack-users.cfg';
const DEFAULT_DOMAIN = 'pbx.demo.test';

/**
 * Starts Kamailio (`kamailio -DD -E`, in the foreground, logging to stderr) with test/stack/kamailio.cfg on free
 * loopback ports, and resolves once it answers SIP on UDP and accepts connections on its WebSocket port. With
 * `relayMedia` it starts rtpengine first and defines WITH_RTPENGINE for the config.
 * Throws with Kamailio's own log lines (and rtpengine's) when it does not start, and names the package when a binary
 * or module is missing.
 */
export async function startKamailio(options: KamailioOptions): Promise<KamailioStack> {
  const binary = requireExecutable('kamailio', 'kamailio');
  const modules = kamailioModuleFolder(binary);
  requireFile(join(modules, 'websocket.so'), 'kamailio-websocket-modules');
  requireFile(join(modules, 'xhttp.so'), 'kamailio');
  if (options.ephemeralSecret !== undefined) {
    requireFile(join(modules, 'auth_ephemeral.so'), 'kamailio-autheph-modules');
    checkEphemeralSecret(options.ephemeralSecret);
  }
  const relayMedia = options.relayMedia ?? false;
  if (relayMedia) {
    requireFile(join(modules, 'rtpengine.so'), 'kamailio');
    requireExecutable('rtpengine', 'rtpengine-daemon');
  }

  const domain = options.domain ?? DEFAULT_DOMAIN;
  checkDomain(domain);
  const folder = mkdtempSync(join(tmpdir(), 'kamailio-stack-'));
  const runFolder = join(folder, 'run');
  mkdirSync(runFolder);
  copyFileSync(CONFIG_TEMPLATE, join(folder, 'kamailio.cfg'));
  writeFileSync(join(folder, USERS_FILE), usersConfig(options.users));

  const [udpPort, wsPort, pstnPort] = [await freeUdpPort(), options.wsPort ?? (await freeTcpPort()), await freeUdpPort()];
  let relay: RtpengineProcess | undefined;
  try {
    relay = relayMedia ? await startRtpengine({ startTimeoutMs: options.startTimeoutMs }) : undefined;
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  const relayDefines = relay ? ['-A', 'WITH_RTPENGINE', '-A', `RTPENGINE_SOCK="udp:127.0.0.1:${relay.ngPort}"`] : [];
  const ephemeralDefines =
    options.ephemeralSecret !== undefined ? ['-A', 'WITH_AUTHEPH', '-A', `AUTHEPH_SECRET="${options.ephemeralSecret}"`] : [];
  const args = [
    '-DD', '-E',
    '-f', join(folder, 'kamailio.cfg'),
    '-Y', runFolder,
    '-w', folder,
    '-L', modules,
    '-m', '32', '-M', '4',
    '-A', `UDP_PORT=${udpPort}`,
    '-A', `WS_PORT=${wsPort}`,
    '-A', `PSTN_PORT=${pstnPort}`,
    '-A', `DOMAIN="${domain}"`,
    ...relayDefines,
    ...ephemeralDefines,
  ];
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  let log = '';
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    // Its own process group, so stopping it also ends any worker its main process failed to take down.
    const started = spawn(binary, args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = started;
    ownsProcessGroup(started);
    killOnExit(started);
    const append = (chunk: string): void => {
      log += chunk;
    };
    started.stdout!.setEncoding('utf8').on('data', append);
    started.stderr!.setEncoding('utf8').on('data', append);
    const exited = new Promise<string>((resolve) => {
      started.once('error', (error) => resolve(`could not run ${binary}: ${error.message}`));
      started.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
    });
    try {
      await waitForKamailio({ udpPort, wsPort, exited, timeoutMs });
    } catch (error) {
      await stopChild(started);
      const relayLog = relay ? `\n--- rtpengine log ---\n${logTail(relay.logs(), 30)}` : '';
      throw new Error(`Kamailio did not start: ${(error as Error).message}\n--- Kamailio log ---\n${logTail(log, 60)}${relayLog}`);
    }
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running) await stopChild(running);
  };

  try {
    await start();
  } catch (error) {
    await relay?.stop();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    domain,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    wsPort,
    udpPort,
    pstnPort,
    mediaRelay: relay ? { ngPort: relay.ngPort, logs: () => relay.logs() } : null,
    async restart() {
      await stop();
      log += '\n--- restart ---\n';
      await start();
      // Calls after a restart need the relay that outlived it: say so here rather than as a 503 in a later call.
      await relay?.checkAlive();
    },
    async stop() {
      await stop();
      await relay?.stop();
      if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
    },
    logs: () => log,
  };
}

/** One htable assignment per user, run by Kamailio at start (event_route[htable:mod-init]). */
function usersConfig(users: readonly SipUser[]): string {
  return users
    .map(({ username, password }) => {
      if (!/^[A-Za-z0-9._+-]+$/.test(username)) {
        throw new Error(`SIP test username ${JSON.stringify(username)}: use only letters, digits and . _ + -`);
      }
      // The password goes into a quoted Kamailio string: refuse what would end or escape it.
      if (!/^[\x21\x23-\x5b\x5d-\x7e]*$/.test(password)) {
        throw new Error(`SIP test password of ${username}: use printable ASCII without spaces, quotes or backslashes`);
      }
      return `$sht(users=>${username}) = "${password}";\n`;
    })
    .join('');
}

/** The secret goes into a quoted Kamailio define: refuse what would end or escape it. */
function checkEphemeralSecret(secret: string): void {
  if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(secret)) {
    throw new Error('The ephemeral SIP test secret: use printable ASCII without spaces, quotes or backslashes');
  }
}

function checkDomain(domain: string): void {
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(domain)) {
    throw new Error(`SIP domain ${JSON.stringify(domain)}: use a bare host name such as pbx.demo.test`);
  }
}
