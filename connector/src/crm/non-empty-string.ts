/** `value` when it is a non-empty string, else undefined: how a field of a CRM's error body is read tolerantly. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
