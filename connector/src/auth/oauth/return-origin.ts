/**
 * The origin a sign-in's result may be posted to, or null when `value` is not one the connector trusts. Only an exact
 * origin (`https://host[:port]`, no path, no trailing slash, as `location.origin` gives it) from `allowed` (the
 * connector's own origin, where the widget is served, and the configured CRM origins) passes: posting a session token
 * to any other origin would hand it to that site.
 */
export function allowedReturnOrigin(value: string, allowed: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.origin === 'null' || url.origin !== value) return null;
  return allowed.includes(value) ? value : null;
}
