/**
 * What the connector pushes to the signed-in widget (`GET /api/v1/agent/events`; `AgentPushMessage` in
 * connector/src/push/agent-push.ts): the session ended from the admin side, settings to read again, an inbound
 * caller's records, or `resync` (messages may have been missed: read the settings again).
 */
export type PushMessage =
  | { readonly type: 'session-ended'; readonly reason: string }
  | { readonly type: 'settings-changed' }
  | { readonly type: 'resync' }
  | {
      readonly type: 'screen-pop';
      /** The SIP Call-ID of the ringing call. */
      readonly callId: string;
      /** The caller's number as the connector shows it. */
      readonly number: string;
      readonly matches: readonly { readonly objectType: string; readonly id: string; readonly name: string }[];
    };

/** The message in one event's data; null for anything else (a newer connector's message this widget does not know). */
export function readPushMessage(data: string): PushMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const m = value as Record<string, unknown> | null;
  switch (typeof m === 'object' && m !== null ? m['type'] : null) {
    case 'session-ended':
      return typeof m!['reason'] === 'string' ? { type: 'session-ended', reason: m!['reason'] } : null;
    case 'settings-changed':
      return { type: 'settings-changed' };
    case 'resync':
      return { type: 'resync' };
    case 'screen-pop': {
      const { callId, number, matches } = m!;
      if (typeof callId !== 'string' || typeof number !== 'string' || !Array.isArray(matches)) return null;
      const records = matches.filter(
        (r): r is { objectType: string; id: string; name: string } =>
          typeof r === 'object' && r !== null && typeof r.objectType === 'string' && typeof r.id === 'string' && typeof r.name === 'string',
      );
      return { type: 'screen-pop', callId, number, matches: records.map(({ objectType, id, name }) => ({ objectType, id, name })) };
    }
    default:
      return null;
  }
}
