/**
 * Why a CRM call failed, in terms the core can act on. Adapters throw only this; the HTTP layer maps it to the error
 * catalogue and the outbox (later) decides on retries from `retryable`.
 */
export type CrmErrorKind =
  | 'auth' // credentials refused even after one token refresh
  | 'rate-limited' // REQUEST_LIMIT_EXCEEDED, HTTP 429
  | 'unavailable' // 5xx, 503 maintenance, connection refused
  | 'timeout' // no answer within the configured time
  | 'not-found' // the record does not exist or is not visible to the integration user
  | 'bad-request' // the CRM rejected what we sent (a bug or a misconfiguration on our side)
  | 'bad-response'; // the CRM answered something we cannot read (malformed JSON, unexpected shape)

export class CrmError extends Error {
  override readonly name = 'CrmError';
  constructor(
    readonly kind: CrmErrorKind,
    message: string,
    readonly details: { readonly crm: string; readonly status?: number; readonly crmCode?: string } ,
  ) {
    super(message);
  }

  /** Worth trying again later without any change on our side. */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'unavailable' || this.kind === 'timeout';
  }
}
