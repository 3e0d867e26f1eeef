/** Longest piece of the caller's input that a message may repeat back. */
const MAX_ECHO = 40;

/**
 * Quotes CRM input for an agent-facing message.
 *
 * Why: messages name the value that failed so the agent can find it in the record, but the value came from a CRM
 * field or a request and may hold control characters, invisible format characters or kilobytes of junk. The result
 * MUST NOT contain control, format, line-separator or lone-surrogate characters, and MUST NOT repeat more than
 * {@link MAX_ECHO} characters of the input (longer input is cut and ends with an ellipsis).
 */
export function quoteInput(text: string): string {
  const visible = text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = Array.from(visible);
  const shown = chars.length > MAX_ECHO ? `${chars.slice(0, MAX_ECHO).join('')}…` : visible;
  return `"${shown}"`;
}
