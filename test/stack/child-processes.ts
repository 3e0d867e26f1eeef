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
    for (const running of alive) {
      running.kill('SIGKILL');
      if (groups.has(running)) killGroup(running, 'SIGKILL');
    }
  });
}

const groups = new WeakSet<ChildProcess>();

/**
 * Marks a child spawned with `detached: true` as the leader of its own process group: {@link stopChild} and the exit
 * hook then also kill whatever it forked, so no worker outlives its parent (a Kamailio worker left behind keeps its
 * sockets, and the next Kamailio on the same ports shares them with a stale registrar).
 */
export function ownsProcessGroup(child: ChildProcess): void {
  groups.add(child);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already empty.
  }
}

/** Whether the child has exited (or never started). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

/**
 * SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. For a process group leader
 * ({@link ownsProcessGroup}) the rest of the group is killed too once the leader is gone.
 */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (groups.has(child)) {
    await stopLeader(child, graceMs);
    killGroup(child, 'SIGKILL');
    return;
  }
  await stopLeader(child, graceMs);
}

async function stopLeader(child: ChildProcess, graceMs: number): Promise<void> {
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
