// `npm run stack`: an offline SIP server for the demo. Kamailio (SIP over WebSocket, the agents' accounts) relays media
// through rtpengine, and a sipp "PSTN" answers every number an agent dials and echoes the caller's voice. A line
// `call <agent> [+E164]` on stdin has the PSTN call an agent. Built from the test stack in test/stack/.
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startKamailio, startSipp, type KamailioStack, type SipUser, type SippRun } from '../test/stack/sip-stack.js';

const USAGE = `Usage: npm run stack -- [options]

Starts Kamailio (SIP over WebSocket on 127.0.0.1) with rtpengine relaying media, and a PSTN stand-in that answers any
number and echoes your voice. Prints how to point the connector at it, then one line
"stack ready {pid, domain, wsUrl, udpPort, agents: [{username, password}]}" for scripts.

Options:
  --domain <name>          SIP domain of the agents (default pbx.demo.test)
  --ws-port <port>         WebSocket port (default: a free one; a fixed one such as 5066 keeps SIP_WS_URL stable)
  --agent <name[:password]>  an agent account, repeatable (default: one agent "maria"); without a password, a strong
                           one is generated
  --exit-with-stdin        stop everything when stdin ends, so a stack whose parent died (a test run, a script
                           holding the pipe) stops itself. Without it the stack keeps running after stdin ends
                           (started with </dev/null or in the background), until "quit" or a signal
  --help                   this text

While it runs, type:
  call <agent> [+E164]     the PSTN calls that agent (default caller +14155550100); the caller hangs up after 60 s
                           unless the agent does first, and echoes the agent's voice meanwhile
  quit                     stop everything (so do Ctrl-C and SIGTERM)`;

const DEFAULT_CALLER = '+14155550100';
const CALL_SECONDS = 60;

interface Options {
  readonly domain: string;
  readonly wsPort: number | undefined;
  readonly agents: SipUser[];
  readonly exitWithStdin: boolean;
}

function readOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      domain: { type: 'string', default: 'pbx.demo.test' },
      'ws-port': { type: 'string' },
      agent: { type: 'string', multiple: true },
      'exit-with-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const wsPort = values['ws-port'] === undefined ? undefined : Number(values['ws-port']);
  if (wsPort !== undefined && !(Number.isInteger(wsPort) && wsPort > 0 && wsPort < 65536)) {
    throw new Error(`--ws-port ${values['ws-port']}: give a TCP port number`);
  }
  const agents = (values.agent ?? ['maria']).map((spec): SipUser => {
    const colon = spec.indexOf(':');
    if (colon < 0) return { username: spec, password: randomBytes(18).toString('base64url') };
    return { username: spec.slice(0, colon), password: spec.slice(colon + 1) };
  });
  return { domain: values.domain, wsPort, agents, exitWithStdin: values['exit-with-stdin'] };
}

function instructions(stack: KamailioStack, agents: readonly SipUser[]): string {
  const adminToken = randomBytes(32).toString('base64url');
  const connectorEnv = `ADMIN_TOKEN=${adminToken} SIP_DOMAIN=${stack.domain} SIP_WS_URL=${stack.wsUrl}`;
  const createAgent = ({ username, password }: SipUser): string =>
    [
      `  curl -s -X POST http://127.0.0.1:3000/api/v1/admin/agents \\`,
      `    -H 'Authorization: Bearer ${adminToken}' -H 'Content-Type: application/json' \\`,
      `    -d '${JSON.stringify({ id: username, name: username, sip: { username, password } })}'`,
    ].join('\n');
  return [
    '',
    'SIP stack running: Kamailio with rtpengine, and a PSTN stand-in that answers every number and echoes your voice.',
    '',
    `  SIP domain:  ${stack.domain}`,
    `  SIP_WS_URL=${stack.wsUrl}`,
    ...agents.map(({ username, password }) => `  agent ${username}  password ${password}`),
    '',
    'Start the connector against it (in another terminal, from the repository):',
    `  ${connectorEnv} npm start`,
    '',
    'Then create each agent through its admin API (the answer holds the sign-in key that the softphone asks for):',
    ...agents.map(createAgent),
    '',
    `Type "call <agent> [+E164]" to have the PSTN call an agent, "quit" (or Ctrl-C) to stop.`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const stack = await startKamailio({ users: options.agents, domain: options.domain, wsPort: options.wsPort, relayMedia: true });
  const calls = new Set<SippRun>();
  let farEnd: SippRun | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      console.log('stopping the SIP stack');
      await Promise.all([...calls, ...(farEnd ? [farEnd] : [])].map((run) => run.stop()));
      await stack.stop();
    })());
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));

  try {
    farEnd = await startSipp({ scenario: 'uas-answer', localPort: stack.pstnPort, rtpEcho: true, calls: 0, timeoutMs: 0 });
  } catch (error) {
    await stop();
    throw error;
  }
  void farEnd.done.then((result) => {
    if (!stopping) console.error(`the PSTN stand-in stopped unexpectedly:\n${result.diagnostics}`);
  });

  console.log(instructions(stack, options.agents));
  // pid: the process to signal. npx does not wait for its child when it gets SIGTERM, so signal this one.
  const ready = {
    pid: process.pid,
    domain: stack.domain,
    wsUrl: stack.wsUrl,
    udpPort: stack.udpPort,
    agents: options.agents.map(({ username, password }) => ({ username, password })),
  };
  console.log(`stack ready ${JSON.stringify(ready)}`);

  const placeCall = async (agent: string, caller: string): Promise<void> => {
    const call = await startSipp({
      scenario: 'uac-call-agent-talk',
      remote: `127.0.0.1:${stack.udpPort}`,
      service: agent,
      keys: { caller, domain: stack.domain },
      pauseMs: CALL_SECONDS * 1000,
      rtpEcho: true,
      timeoutMs: (CALL_SECONDS + 90) * 1000,
    });
    calls.add(call);
    console.log(`calling ${agent} from ${caller}`);
    const result = await call.done;
    calls.delete(call);
    if (stopping) return;
    if (result.successfulCalls === 1) console.log(`call from ${caller} to ${agent} ended`);
    else console.log(`call from ${caller} to ${agent} failed: ${callFailure(result.messages.map((m) => m.startLine))}`);
  };

  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', (line) => {
    const [command, agent, caller = DEFAULT_CALLER] = line.trim().split(/\s+/);
    if (command === 'quit' || command === 'exit') {
      void stop().then(() => process.exit(0));
    } else if (command === 'call' && agent) {
      if (!options.agents.some((a) => a.username === agent)) {
        console.log(`no agent ${agent}; agents: ${options.agents.map((a) => a.username).join(', ')}`);
      } else if (!/^\+?[0-9]{3,15}$/.test(caller)) {
        console.log(`caller ${caller}: give an E.164 number such as ${DEFAULT_CALLER}`);
      } else {
        placeCall(agent, caller).catch((error: unknown) => console.log(`call to ${agent} failed: ${String(error)}`));
      }
    } else if (command) {
      console.log('commands: call <agent> [+E164 caller], quit');
    }
  });
  if (options.exitWithStdin) lines.once('close', () => void stop().then(() => process.exit(0)));
}

/** The last SIP status the caller got, which says why a call failed (480: agent not registered or no answer). */
function callFailure(startLines: readonly string[]): string {
  const last = [...startLines].reverse().find((line) => /^SIP\/2\.0 [3-6]\d\d/.test(line));
  return last ? last.replace('SIP/2.0 ', '') : 'no answer';
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
