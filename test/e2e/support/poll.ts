/**
 * Resolves with `probe()`'s first defined answer, asking every `everyMs`; fails after `timeoutMs` with `what` and, when
 * given, `describe()` of the last state, so a timeout says what was seen instead.
 */
export async function pollFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: { readonly timeoutMs?: number; readonly everyMs?: number; readonly describe?: () => string | Promise<string> } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      const seen = options.describe ? `; saw ${await options.describe()}` : '';
      throw new Error(`no ${what} within ${timeoutMs} ms${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 50));
  }
}
