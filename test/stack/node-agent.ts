import { Registerer, UserAgent, type Invitation } from 'sip.js';
import type { KamailioStack, SipUser } from './kamailio-process.js';
import { installNodeWebSocket } from './node-websocket.js';
import { plainRtpSdhFactory, type PlainRtpSdhFactoryOptions } from './plain-rtp-sdh.js';
import { sipJsTrace, type SipJsTrace } from './sip-js-trace.js';

export interface NodeAgentOptions {
  /** Where to register: a stack started here, or the domain and WebSocket URL of one running elsewhere. */
  readonly stack: Pick<KamailioStack, 'domain' | 'wsUrl'>;
  readonly user: SipUser;
  /** The user to authenticate as, when it is not the SIP user name (ephemeral credentials: `<expiry>:<user>`). */
  readonly authorizationUsername?: string;
  /** Options of the plain-RTP handler every session of this agent gets. */
  readonly sdh?: PlainRtpSdhFactoryOptions;
  /** Called for each incoming call (sip.js has already sent 100 and 180). */
  readonly onInvite?: (invitation: Invitation) => void;
}

/** A sip.js UserAgent in Node, connected to the stack over WebSocket, with its SIP trace. */
export interface NodeAgent {
  readonly userAgent: UserAgent;
  readonly registerer: Registerer;
  readonly trace: SipJsTrace;
  /** `sip:<user>@<domain>`. */
  readonly aor: string;
  /** Sends REGISTER and resolves with the final status code sip.js ends on (200, or 403 for a wrong password). */
  register(): Promise<number>;
  /** Stops the UserAgent (un-registers when registered, closes the WebSocket). */
  stop(): Promise<void>;
}

/**
 * Starts a sip.js UserAgent for a stack user, connected but not yet registered: the low-level sip.js API the phone
 * core builds on, for tests of the stack itself and of scenarios.
 */
export async function startNodeAgent(options: NodeAgentOptions): Promise<NodeAgent> {
  installNodeWebSocket();
  const { stack, user } = options;
  const aor = `sip:${user.username}@${stack.domain}`;
  const uri = UserAgent.makeURI(aor);
  if (!uri) throw new Error(`Not a SIP URI: ${aor}`);
  const trace = sipJsTrace();
  const userAgent = new UserAgent({
    uri,
    authorizationUsername: options.authorizationUsername ?? user.username,
    authorizationPassword: user.password,
    transportOptions: { server: stack.wsUrl },
    sessionDescriptionHandlerFactory: plainRtpSdhFactory(options.sdh),
    logLevel: 'log',
    logBuiltinEnabled: false,
    logConnector: trace.logConnector,
    delegate: options.onInvite ? { onInvite: options.onInvite } : {},
  });
  await userAgent.start();
  const registerer = new Registerer(userAgent, { expires: 60 });
  return {
    userAgent,
    registerer,
    trace,
    aor,
    register: () =>
      new Promise<number>((resolve, reject) => {
        registerer
          .register({
            requestDelegate: {
              onAccept: (response) => resolve(response.message.statusCode ?? 0),
              onReject: (response) => resolve(response.message.statusCode ?? 0),
            },
          })
          .catch(reject);
      }),
    stop: () => userAgent.stop(),
  };
}
