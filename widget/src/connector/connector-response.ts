import { ConnectorError } from './connector-api.js';

/** One problem of a refused request, as the connector lists them in a 400's `issues`. */
export interface ConnectorIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * The error a non-2xx answer stands for: the connector's own `{"error": {"code", "message", "issues"?}}` when it sent
 * one, else a `ConnectorError` with code `HTTP_<status>` saying what to check (a proxy's page, a wrong address).
 */
export async function readConnectorAnswer(response: Response): Promise<{ error: ConnectorError; issues: readonly ConnectorIssue[] }> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: not the connector's error body, so it gets the generic error below.
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return { error: new ConnectorError(response.status, error.code, error.message), issues: readIssues(error.issues) };
  }
  return {
    error: new ConnectorError(
      response.status,
      `HTTP_${response.status}`,
      `The connector answered ${response.status} ${response.statusText}`.trim() + '; check the connector address, or try again later.',
    ),
    issues: [],
  };
}

function readIssues(value: unknown): ConnectorIssue[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (i): i is ConnectorIssue => typeof i === 'object' && i !== null && typeof i.field === 'string' && typeof i.message === 'string',
  );
}
