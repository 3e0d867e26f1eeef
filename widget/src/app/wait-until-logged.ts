import type { ConnectorApi } from '../connector/connector-api.js';

/**
 * Pauses between asks, about three minutes in all: the outbox sends within a second or two when the CRM is up, and a
 * CRM that is down for longer is the admin's to see, not a reason to keep every widget polling.
 */
export const LOGGED_POLL_DELAYS_MS = [1000, 2000, 3000, 5000, 8000, 13_000, 20_000, 30_000, 30_000, 30_000, 30_000];

/**
 * Resolves true once the connector reports the call's activity delivered to the CRM, false when it went to the dead
 * letters, the agent moved on (`stillWanted` false) or the pauses ran out. The call's events are sent first, so the
 * connector knows the call it is asked about.
 */
export async function waitUntilLogged(args: {
  readonly connector: ConnectorApi;
  readonly callId: string;
  readonly stillWanted: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (message: string) => void;
  readonly delaysMs?: readonly number[];
}): Promise<boolean> {
  await args.connector.drain().catch(() => undefined);
  for (const delay of args.delaysMs ?? LOGGED_POLL_DELAYS_MS) {
    await args.sleep(delay);
    if (!args.stillWanted()) return false;
    try {
      const { status } = await args.connector.callLogStatus(args.callId);
      if (status === 'delivered') return true;
      if (status === 'dead') {
        args.log(`call ${args.callId} could not be logged to the CRM; an admin can replay it`);
        return false;
      }
    } catch (error) {
      args.log(`could not ask whether call ${args.callId} is logged: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return false;
}
