/** The URL parsed when it is absolute and on one of `protocols` (such as `https:`), else null. */
export function secureUrl(value: string, protocols: readonly string[] = ['https:']): URL | null {
  try {
    const url = new URL(value.trim());
    return protocols.includes(url.protocol) ? url : null;
  } catch {
    return null;
  }
}
