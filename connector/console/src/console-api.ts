import { ApiError, type ConsoleApi } from './console-context.js';
import { SESSION_ENDED, type SessionKeeper } from './session.js';

/** An {@link ApiError} with the rest of the API's error body: `issues` of a VALIDATION_FAILED, `reasons` of a weak password. */
export class ApiRefusal extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(status, code, message);
  }
}

/** Codes that mean the credential no longer gets in: the console goes back to its sign-in screen. */
const SIGNED_OUT_CODES = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED', 'AGENT_DISABLED', 'ADMIN_ONLY']);

/** Whether this refusal means the admin must sign in again. */
export function isSignedOut(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || (error.status === 403 && SIGNED_OUT_CODES.has(error.code)));
}

/**
 * What to tell an admin the connector just signed out: in the console's words, never the API's advice to developers
 * ("send the session token as…").
 */
export function signedOutMessage(error: ApiError): string {
  if (error.code === 'AGENT_DISABLED') return 'Your agent is disabled; sign in with the admin token, or ask another admin to enable it.';
  if (error.code === 'ADMIN_ONLY') return 'Your agent is no longer an admin: only admins may use this console.';
  return SESSION_ENDED;
}

/**
 * One request to the connector's API with JSON in and out. A non-2xx answer becomes an {@link ApiRefusal} carrying
 * the catalogue's code and message (or a plain description when the answer is not the API's JSON); an unreachable
 * connector becomes status 0, code `NETWORK`.
 */
export async function callApi<T>(method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<T> {
  const response = await send(method, path, options.token ?? null, options.body);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiRefusal(response.status, 'BAD_ANSWER', 'The connector sent an answer the console cannot read.');
  }
}

async function send(method: string, path: string, token: string | null, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, cache: 'no-store', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch {
    throw new ApiRefusal(0, 'NETWORK', 'The connector cannot be reached; check the connection and try again.');
  }
  if (!response.ok) throw await refusalOf(response);
  return response;
}

async function refusalOf(response: Response): Promise<ApiRefusal> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } & Record<string, unknown> };
    const { code, message, ...details } = body.error ?? {};
    if (typeof code === 'string' && typeof message === 'string') return new ApiRefusal(response.status, code, message, details);
  } catch {
    // Not the API's JSON (a proxy's error page): described below.
  }
  return new ApiRefusal(response.status, `HTTP_${response.status}`, `The connector answered ${response.status} ${response.statusText}`.trim() + '.');
}

/**
 * The {@link ConsoleApi} of the signed-in admin: every request carries the current bearer (a session refreshed first
 * when due). When the connector says the credential no longer gets in, `onSignedOut` is told (once per refusal) before
 * the refusal is thrown to the page.
 */
export function createConsoleApi(deps: { readonly session: SessionKeeper; readonly onSignedOut: (error: ApiError) => void }): ConsoleApi {
  const guard = async <T>(work: (token: string | null) => Promise<T>): Promise<T> => {
    try {
      return await work(await deps.session.bearer());
    } catch (error) {
      if (isSignedOut(error)) deps.onSignedOut(error as ApiError);
      throw error;
    }
  };
  return {
    get: <T>(path: string) => guard((token) => callApi<T>('GET', path, { token })),
    send: <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => guard((token) => callApi<T>(method, path, { token, body })),
  };
}
