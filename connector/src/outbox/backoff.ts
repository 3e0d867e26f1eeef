/**
 * Delay before retry number `attempt` (0-based): exponential from `baseMs`, capped at `maxMs`, with "equal jitter"
 * (half fixed, half random) so that many calls failing together do not retry together, yet none retries at once.
 */
export function backoffDelay(attempt: number, options: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
