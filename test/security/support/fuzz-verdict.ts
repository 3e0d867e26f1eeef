import type { WireRequest, WireResponse } from './raw-http-client.js';

/** What no answer may hold, and the one exception: an agent's own SIP password in its own settings. */
export interface ForbiddenInAnswers {
  /** Credentials and server secrets: never in any answer. */
  readonly secrets: () => readonly string[];
  /** Each agent's SIP password, and the session token that may read it right now. */
  readonly sipPasswords: () => readonly { readonly agentId: string; readonly password: string; readonly token: string }[];
}

/** The CRM sign-in routes answer HTML pages (a person reads them in a popup), errors included. */
const HTML_BY_DESIGN = /^\/auth\/(salesforce|hubspot)\/(start|callback)\/?(\?|$)/;

function jsonOf(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isErrorBody(value: unknown): boolean {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string' && error.code !== '' && error.message !== '';
}

/** The agent whose own settings this answer is, read with its own session; null for any other answer. */
function ownSettings(req: WireRequest, res: WireResponse, agentId: string, token: string): boolean {
  if (res.status !== 200) return false;
  const body = jsonOf(res.body) as { agent?: { id?: unknown } } | undefined;
  return body?.agent?.id === agentId && (req.headers.authorization ?? '').includes(token);
}

/**
 * Node's HTTP parser refuses a request whose headers (the request line included) pass its 16 KB limit with a bare 431
 * before the app sees it: the app cannot answer that one as JSON, and the process goes on.
 */
export function refusedByNode(res: WireResponse): boolean {
  return res.status === 431 && res.body.length === 0 && res.headers['content-type'] === undefined;
}

/**
 * A redirect within the connector (a folder's trailing slash) keeps the request's own query string, whatever the
 * client put there: that hands nothing to anyone but the client. A redirect elsewhere may not carry a secret.
 */
function keptOnRedirect(req: WireRequest, res: WireResponse, secret: string): boolean {
  const location = res.headers.location ?? '';
  return res.status >= 300 && res.status < 400 && location.startsWith('/') && !location.startsWith('//') && req.path.includes(secret);
}

/**
 * What is wrong with one answer, as sentences (none when all is well): a 5xx; a cookie; a 4xx that is not the JSON
 * error `{error: {code, message}}` (a HEAD answer has no body; the CRM sign-in pages are HTML by design; Node's own
 * 431 for oversized headers never reaches the app); a secret
 * anywhere in the status line's headers or the body.
 */
export function fuzzVerdict(req: WireRequest, res: WireResponse, forbidden: ForbiddenInAnswers): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  if (res.headers['set-cookie'] !== undefined) problems.push('set a cookie');
  if (res.status >= 400 && res.status < 500 && req.method !== 'HEAD' && !refusedByNode(res)) {
    const html = HTML_BY_DESIGN.test(req.path) && /^text\/html/.test(res.headers['content-type'] ?? '');
    if (!html && (!/^application\/json/.test(res.headers['content-type'] ?? '') || !isErrorBody(jsonOf(res.body)))) {
      problems.push(`answered ${res.status} without a JSON error (${res.headers['content-type'] ?? 'no type'}: ${res.body.toString('utf8').slice(0, 80)})`);
    }
  }
  const text = `${JSON.stringify(res.headers)}\n${res.body.toString('utf8')}`;
  for (const secret of forbidden.secrets()) {
    if (text.includes(secret) && !keptOnRedirect(req, res, secret)) problems.push(`echoed a secret (${secret.slice(0, 6)}…)`);
  }
  for (const { agentId, password, token } of forbidden.sipPasswords()) {
    if (text.includes(password) && !ownSettings(req, res, agentId, token)) problems.push(`showed ${agentId}’s SIP password`);
  }
  return problems;
}
