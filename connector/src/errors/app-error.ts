/**
 * The connector's error catalogue: every error an API client can see, with a stable code (clients branch on it), an
 * HTTP status and a default message. Messages say what to fix; they never carry stack traces or secrets.
 */
export const ERROR_CATALOGUE = {
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON; send a JSON object.' },
  BAD_REQUEST: { status: 400, message: 'The request URL or body could not be decoded; check its encoding.' },
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'There is no such API route; see the README for the API.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This route does not accept that method.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in: send the session token as "Authorization: Bearer <token>".' },
  SESSION_EXPIRED: { status: 401, message: 'Your session has expired; sign in again.' },
  SIGN_IN_FAILED: { status: 401, message: 'Signing in did not work; try again.' },
  EXPORT_LINK_INVALID: { status: 401, message: 'This download link has expired; export again from the admin console.' },
  SIGN_IN_UNAVAILABLE: { status: 404, message: 'This sign-in is not set up on the connector; ask an admin.' },
  NO_AGENT_FOR_CRM_USER: { status: 403, message: 'Your CRM user has no agent profile on the connector; ask an admin to add you.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; wait a minute and try again.' },
  AGENT_DISABLED: { status: 403, message: 'This agent is disabled; ask an admin to enable it.' },
  ADMIN_ONLY: { status: 403, message: 'This route needs the admin token.' },
  AGENT_EXISTS: { status: 409, message: 'An agent with this id exists already.' },
  CRM_USER_TAKEN: { status: 409, message: 'Another agent has this CRM user id.' },
  WEAK_SIP_PASSWORD: { status: 422, message: 'This SIP password is too easy to guess.' },
  EPHEMERAL_SIP_UNAVAILABLE: { status: 409, message: 'Ephemeral SIP accounts need SIP_EPHEMERAL_SECRET on the connector.' },
  AGENT_NOT_FOUND: { status: 404, message: 'There is no agent with this id.' },
  CALL_NOT_FOUND: { status: 404, message: 'This agent has reported no call with this Call-ID.' },
  DEAD_LETTER_NOT_FOUND: { status: 404, message: 'There is no dead letter for this call.' },
  RECORD_NOT_FOUND: { status: 404, message: 'The CRM record does not exist or the connector cannot see it.' },
  NUMBER_UNUSABLE: { status: 422, message: 'The number cannot be dialled.' },
  CRM_AUTH_FAILED: { status: 502, message: 'The CRM refused the connector’s credentials; an admin must fix the CRM settings.' },
  CRM_REJECTED: { status: 502, message: 'The CRM rejected the connector’s request.' },
  CRM_BAD_RESPONSE: { status: 502, message: 'The CRM sent an answer the connector cannot read; try again later.' },
  CRM_RATE_LIMITED: { status: 503, message: 'The CRM’s API limit is reached; try again in a minute.' },
  CRM_UNAVAILABLE: { status: 503, message: 'The CRM is not reachable right now; try again shortly.' },
  CRM_TIMEOUT: { status: 504, message: 'The CRM did not answer in time; try again shortly.' },
  NOT_READY: { status: 503, message: 'The connector is not ready.' },
  WIDGET_NOT_BUILT: { status: 503, message: 'The softphone widget is not built; run npm run build on the connector.' },
  CONSOLE_NOT_BUILT: { status: 503, message: 'The admin console is not built; run npm run build on the connector.' },
  SIP_PASSWORD_UNREADABLE: {
    status: 500,
    message: 'The connector cannot read this agent’s SIP password (its secrets key changed); an admin must set the SIP account again.',
  },
  INTERNAL: { status: 500, message: 'Something went wrong in the connector; the error is logged.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error the HTTP layer answers as `{error: {code, message, ...details}}` with the catalogue's status. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
    cause?: unknown,
  ) {
    super(message ?? ERROR_CATALOGUE[code].message, cause === undefined ? undefined : { cause });
    this.status = ERROR_CATALOGUE[code].status;
  }

  toBody(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}
