const MAX_MESSAGE = 300;

/**
 * `CODE: message` for an error message, else `HTTP <status>` for a CRM error without a code, clipped to 300
 * characters (then `...`) so a verbose error page cannot flood logs. Callers MUST scrub secrets from `message` before
 * this (`scrubSecrets`), or a clipped secret would no longer be recognised.
 */
export function faultText(status: number, code: string | undefined, message: string | undefined): string {
  const text = `${code ?? `HTTP ${status}`}${message ? `: ${message}` : ''}`;
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}...` : text;
}
