import type { ChildProcess } from 'node:child_process';

const alive = new Set<ChildProcess>();
let hooked = false;

/**
 * Kills the child with SIGKILL if the test process exits while it still runs, so an aborted test run leaves no
 * Kamailio or sipp behind holding ports.
 */
export function killOnExit(child: ChildProcess): void {
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const running of alive) running.kill('SIGKILL');
  });
}

/** Whether the child has exited (or never started). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === 'late' && !hasExited(child)) {
    child.kill('SIGKILL');
    await exited;
  }
}
