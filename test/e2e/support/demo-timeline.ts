import type { DemoActivity } from '../../../connector/src/crm/demo/demo-crm-db.js';
import type { E2eConnector } from './e2e-connector.js';
import { pollFor } from './poll.js';

/** The activities on a demo record's timeline, read through the demo CRM's own API (what its record page shows). */
export async function demoActivities(connector: E2eConnector, objectType: string, id: string): Promise<DemoActivity[]> {
  const body = await connector.getJson<{ activities: DemoActivity[] }>(`/demo/api/records/${objectType}/${encodeURIComponent(id)}`);
  return body.activities;
}

/**
 * The activity of call `callId` on the record once `ready` holds for it, polling the demo CRM: the outbox delivers
 * asynchronously, and a wrap-up updates the activity after the call's own log.
 */
export async function waitForDemoActivity(
  connector: E2eConnector,
  record: { objectType: string; id: string },
  callId: string,
  ready: (activity: DemoActivity) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<DemoActivity> {
  let last: DemoActivity[] = [];
  return pollFor(
    `activity for call ${callId} on ${record.objectType} ${record.id}`,
    async () => {
      last = await demoActivities(connector, record.objectType, record.id);
      // The connector keys each activity by the call leg, `<agent id>:<SIP Call-ID>`.
      const found = last.find((activity) => activity.id.endsWith(`:${callId}`));
      return found && ready(found) ? found : undefined;
    },
    { timeoutMs, everyMs: 100, describe: () => `the timeline ${JSON.stringify(last)}` },
  );
}
