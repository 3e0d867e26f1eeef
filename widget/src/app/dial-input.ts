/**
 * What to ask the connector to resolve for a click. A `sip:`/`sips:` link names a user at some host; the call always
 * goes through the agent's own SIP server, so only its user part (a number or an extension) is resolved, and the
 * tenant's dial plan and call policy apply to it like to any number: a link cannot route around them.
 */
export function dialInput(clicked: string): string {
  const text = clicked.trim();
  const sip = /^sips?:([^@;?]*)@/i.exec(text);
  if (!sip) return text;
  try {
    return decodeURIComponent(sip[1] ?? '');
  } catch {
    return sip[1] ?? '';
  }
}
