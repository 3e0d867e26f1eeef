import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import { CrmError } from '../../crm/crm-error.js';
import type { CrmName } from '../../crm/crm-name.js';
import { faultText } from '../../crm/fault-text.js';
import { scrubSecrets } from '../../crm/scrub-secrets.js';
import { sendCrmRequest, type CrmHttpResult } from '../../crm/send-crm-request.js';
import { AppError } from '../../errors/app-error.js';

/**
 * Sends one request of a CRM sign-in and returns whatever status came back (see `sendCrmRequest`: bounded by the
 * instance's timeout, no redirects followed). A transport failure becomes `SIGN_IN_FAILED` saying to try again;
 * the request (it holds the code, the verifier, secrets) is never put in the error.
 */
export async function sendSignInRequest(http: AxiosInstance, config: AxiosRequestConfig, crm: CrmName): Promise<CrmHttpResult> {
  try {
    return await sendCrmRequest(http, config, crm);
  } catch (error) {
    const timedOut = error instanceof CrmError && error.kind === 'timeout';
    throw new AppError(
      'SIGN_IN_FAILED',
      timedOut
        ? `${crm.label} did not answer in time, so signing in did not finish; try again.`
        : `${crm.label} could not be reached, so signing in did not finish; try again in a minute.`,
      { crm: crm.id, crmStatus: null },
      {},
      error,
    );
  }
}

/** The code exchange: the authorization_code grant as a form POST to the CRM's token endpoint (RFC 6749 §4.1.3). */
export function postTokenForm(http: AxiosInstance, url: string, form: URLSearchParams, crm: CrmName): Promise<CrmHttpResult> {
  return sendSignInRequest(
    http,
    { method: 'POST', url, data: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' } },
    crm,
  );
}

/**
 * The `SIGN_IN_FAILED` for a CRM that answered a sign-in step with an error: what the CRM said (its code and
 * description, scrubbed of `secrets` and clipped) and what the person can do about it.
 */
export function signInRefused(args: {
  crm: CrmName;
  step: 'token' | 'identity';
  status: number;
  code: string | undefined;
  message: string | undefined;
  secrets: readonly string[];
}): AppError {
  const { crm, status } = args;
  const code = args.code && scrubSecrets(args.code, args.secrets);
  const said = faultText(status, code, args.message && scrubSecrets(args.message, args.secrets));
  const details = { crm: crm.id, crmStatus: status, ...(code ? { crmCode: code } : {}) };
  if (status === 429 || status >= 500) {
    return new AppError('SIGN_IN_FAILED', `${crm.label} is busy or unavailable (${said}); try signing in again in a minute.`, details);
  }
  const what = args.step === 'token' ? 'did not accept the sign-in' : 'did not say who signed in';
  return new AppError('SIGN_IN_FAILED', `${crm.label} ${what} (${said}); close this window and sign in again.`, details);
}

/** The `SIGN_IN_FAILED` for a CRM answer the connector cannot read or must not trust. */
export function unreadableAnswer(crm: CrmName, what: string): AppError {
  return new AppError('SIGN_IN_FAILED', `${crm.label} sent ${what}, so signing in did not finish; try again, and tell an admin if it keeps happening.`, {
    crm: crm.id,
  });
}

/** The JSON of a CRM's answer, or null when it is not JSON (a proxy's HTML page), for a schema to judge. */
export function readJsonAnswer(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
