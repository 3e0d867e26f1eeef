/** Names a test input in a test title without control characters or huge strings. */
export function describeInput(input: unknown): string {
  if (typeof input === 'string') {
    const json = JSON.stringify(input);
    return json.length > 60 ? `${json.slice(0, 40)}…" (${input.length} chars)` : json;
  }
  if (typeof input === 'symbol' || typeof input === 'bigint') {
    return `${typeof input} ${String(input)}`;
  }
  if (typeof input === 'number') {
    return `number ${String(input)}`;
  }
  return `${Array.isArray(input) ? 'array' : typeof input} ${JSON.stringify(input) ?? String(input)}`;
}
