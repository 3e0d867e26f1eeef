import { setTimeout as sleep } from 'node:timers/promises';
import type { E2eSystem } from '../../test/e2e/support/e2e-system.js';
import type { SippResult, SippRun } from '../../test/stack/sip-stack.js';

/**
 * The PSTN stand-in for one phase: sipp answering (`uas-answer`: 180, 200) exactly `calls` calls on the stack's PSTN
 * port, with no overall timeout, so it exits by itself after the last BYE.
 */
export function startFarEnd(system: E2eSystem, calls: number): Promise<SippRun> {
  return system.startSipp({ scenario: 'uas-answer', localPort: system.stack.pstnPort, calls, timeoutMs: 0 });
}

/** What the far end saw: it exits after its last call; one that has not within `graceMs` is stopped. */
export async function farEndResult(run: SippRun, graceMs = 5000): Promise<SippResult> {
  const exited = await Promise.race([run.done, sleep(graceMs).then(() => undefined)]);
  return exited ?? run.stop();
}

/** `error` with the far end's own account appended: most failures of a call show first there. */
export async function withFarEndAccount(error: unknown, run: SippRun): Promise<Error> {
  const result = await run.stop();
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}\n--- far end (sipp) ---\n${result.diagnostics.split('\n').slice(-40).join('\n')}`);
}
