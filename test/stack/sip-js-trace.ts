import type { LogConnector } from 'sip.js';
import { headerValue, parseSipMessage, type SipMessage } from './sip-message.js';

/** The SIP messages a sip.js UserAgent sent and received, read from its own transport trace. */
export interface SipJsTrace {
  /** Pass as `logConnector` with `logLevel: 'log'` and `logBuiltinEnabled: false` in `UserAgentOptions`. */
  readonly logConnector: LogConnector;
  /** Every message so far, in order. */
  readonly messages: SipMessage[];
  /**
   * Status codes received for requests of this method, e.g. `responses('REGISTER')` -> [401, 200]; only those of one
   * call when a Call-ID is given.
   */
  responses(method: string, callId?: string): number[];
  /** Everything sip.js logged at warn or error, for a failing test's message. */
  readonly problems: string[];
}

const SENT = 'Sending WebSocket message:\n\n';
const RECEIVED = 'Received WebSocket text message:\n\n';

/**
 * Records sip.js's SIP trace (its transport logs each message when `traceSip` is on, the default) so a test can
 * assert what went over the wire, e.g. a 401 challenge before the 200, without a packet capture.
 */
export function sipJsTrace(): SipJsTrace {
  const messages: SipMessage[] = [];
  const problems: string[] = [];
  const logConnector: LogConnector = (level, category, _label, content) => {
    if (level === 'warn' || level === 'error') problems.push(`${level} ${category}: ${content}`);
    if (content.startsWith(SENT)) messages.push(parseSipMessage('sent', content.slice(SENT.length)));
    else if (content.startsWith(RECEIVED)) messages.push(parseSipMessage('received', content.slice(RECEIVED.length)));
  };
  return {
    logConnector,
    messages,
    problems,
    responses: (method, callId) =>
      messages
        .filter((message) => message.direction === 'received' && message.method === method)
        .filter((message) => callId === undefined || headerValue(message, 'Call-ID') === callId)
        .flatMap((message) => (message.status === undefined ? [] : [message.status])),
  };
}
