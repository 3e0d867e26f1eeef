/**
 * The real SIP stack tests drive: Kamailio (WebSocket + UDP, digest auth, registrar), optionally rtpengine relaying
 * media between WebRTC agents and the PSTN side, and sipp scenarios playing the PSTN, plus what a Node test needs to
 * drive sip.js against them. See test/stack/README.md. One import for tests:
 * `import { startKamailio, startSipp, plainRtpSdhFactory } from '../stack/sip-stack.js'`.
 */
export { startKamailio, type KamailioOptions, type KamailioStack, type MediaRelay, type SipUser } from './kamailio-process.js';
export { startRtpengine, type RtpengineOptions, type RtpengineProcess } from './rtpengine-process.js';
export { rtpengineCallIds, rtpengineCommand } from './rtpengine-ng.js';
export { startSipp, receivedReferTo, type SippOptions, type SippResult, type SippRun, type SippScenario } from './sipp-process.js';
export {
  plainRtpSdhFactory,
  plainRtpHandlerOf,
  directionOf,
  PlainRtpSessionDescriptionHandler,
  type MediaDirection,
  type PlainRtpSdhFactoryOptions,
  type PlainRtpSdhOptions,
} from './plain-rtp-sdh.js';
export { headerValue, headerValues, type SipMessage } from './sip-message.js';
export { sipJsTrace, type SipJsTrace } from './sip-js-trace.js';
export { installNodeWebSocket } from './node-websocket.js';
export { startNodeAgent, type NodeAgent, type NodeAgentOptions } from './node-agent.js';
