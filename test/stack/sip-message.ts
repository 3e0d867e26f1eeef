/** One SIP message as sipp traced it: who sent it, its first line, headers in order and body. */
export interface SipMessage {
  readonly direction: 'sent' | 'received';
  /** `INVITE sip:...@... SIP/2.0` or `SIP/2.0 200 OK`. */
  readonly startLine: string;
  /** The request's method, or the method of the CSeq a response answers. */
  readonly method: string;
  /** The response's status code; undefined for a request. */
  readonly status: number | undefined;
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
  readonly body: string;
  /**
   * When sipp sent or received it (epoch ms, sipp's wall clock, microsecond precision), from the trace's block header;
   * undefined for a message parsed from text alone.
   */
  readonly at?: number;
}

// RFC 3261 compact header forms, so a lookup by full name finds them too.
const COMPACT: Record<string, string> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type', f: 'from',
  s: 'subject', k: 'supported', t: 'to', v: 'via', r: 'refer-to', b: 'referred-by', o: 'event', u: 'allow-events',
};

/** Every value of a header (case-insensitive, compact forms included), in message order. */
export function headerValues(message: SipMessage, name: string): string[] {
  const wanted = name.toLowerCase();
  return message.headers
    .filter(([header]) => {
      const lower = header.toLowerCase();
      return lower === wanted || COMPACT[lower] === wanted;
    })
    .map(([, value]) => value);
}

/** The first value of a header, or undefined when the message has none. */
export function headerValue(message: SipMessage, name: string): string | undefined {
  return headerValues(message, name)[0];
}

/** Parses one SIP message's text (CRLF or LF line ends). */
export function parseSipMessage(direction: SipMessage['direction'], text: string): SipMessage {
  const normalised = text.replace(/\r\n/g, '\n');
  const split = normalised.indexOf('\n\n');
  const head = split === -1 ? normalised : normalised.slice(0, split);
  const body = split === -1 ? '' : normalised.slice(split + 2);
  const [startLine = '', ...headerLines] = head.split('\n');
  const headers: Array<[string, string]> = [];
  for (const line of headerLines) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last[1] += ` ${line.trim()}`; // folded continuation line
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  const statusMatch = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  const status = statusMatch ? Number(statusMatch[1]) : undefined;
  const partial: SipMessage = { direction, startLine, method: '', status, headers, body };
  const method = status === undefined
    ? (startLine.split(' ')[0] ?? '')
    : (headerValue(partial, 'CSeq')?.split(/\s+/)[1] ?? '');
  return { ...partial, method };
}

/**
 * Parses sipp's `-trace_msg` file: blocks that start with a dashed line and a timestamp (sipp's local time,
 * `2026-11-24 13:48:04.202862`), then `UDP message sent (N bytes):` or `UDP message received [N] bytes :`, a blank
 * line and the message.
 */
export function parseSippMessageLog(text: string): SipMessage[] {
  const messages: SipMessage[] = [];
  // Split with the header's rest captured: [text before any header, header 1, block 1, header 2, block 2, ...].
  const parts = text.split(/^-{20,}(.*)$/m);
  for (let i = 0; i < parts.length; i += 2) {
    const block = parts[i] ?? '';
    const match = /^\s*\S+ message (sent|received)[^\n]*\n\n?([\s\S]*)$/.exec(block);
    if (!match?.[1] || match[2] === undefined) continue;
    const raw = match[2].replace(/\n+$/, '\n');
    if (raw.trim() === '') continue;
    const message = parseSipMessage(match[1] === 'sent' ? 'sent' : 'received', raw);
    const at = i > 0 ? sippTime(parts[i - 1] ?? '') : undefined;
    messages.push(at === undefined ? message : { ...message, at });
  }
  return messages;
}

/** Epoch ms of a trace header's `YYYY-MM-DD hh:mm:ss.uuuuuu`, read as local time as sipp writes it (`localtime`). */
function sippTime(header: string): number | undefined {
  const m = /(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?/.exec(header);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, fraction = ''] = m.map((part) => part ?? '');
  const whole = new Date(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)).getTime();
  return whole + (fraction === '' ? 0 : Number(`0.${fraction}`) * 1000);
}
