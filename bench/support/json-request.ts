/**
 * One JSON request to a benchmarked server, as a widget or an admin sends it (`Authorization: Bearer <token>` when a
 * token is given); answers the parsed body of a 2xx, or fails with the status and body.
 */
export async function sendJson<T>(baseUrl: string, method: string, urlPath: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status < 200 || response.status > 299) throw new Error(`${method} ${urlPath} answered ${response.status}: ${text}`);
  return (text === '' ? null : JSON.parse(text)) as T;
}
