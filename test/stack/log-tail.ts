/** The last `lines` lines of a process log, for an error message that shows why it failed without flooding it. */
export function logTail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}
