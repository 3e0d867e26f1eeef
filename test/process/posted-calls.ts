import { createServer } from 'node:net';

/** A small seeded generator, so a failing run can be repeated with its seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** What call `i` is, so the CRM's copy can be checked: busy every 7th call, talk time otherwise, notes every 5th. */
export function expectedCall(prefix: string, i: number) {
  const busy = i % 7 === 0;
  return { callId: `${prefix}-${i}@pbx.test`, busy, talkSeconds: busy ? 0 : (i * 37) % 600, notes: i % 5 === 0 ? `Notes for call ${i}` : null };
}

/** The events of call `i` a widget sends when it ends; the wrap-up (every 5th call) comes later, on its own. */
export function endedCallEvents(prefix: string, i: number): unknown[] {
  return allEventsOf(prefix, i).filter((e) => (e as { type: string }).type !== 'wrapup');
}

export function wrapupEvents(prefix: string, i: number): unknown[] {
  return allEventsOf(prefix, i).filter((e) => (e as { type: string }).type === 'wrapup');
}

function allEventsOf(prefix: string, i: number): unknown[] {
  const { callId, busy, talkSeconds, notes } = expectedCall(prefix, i);
  const start = Date.now() - 3_600_000 + i * 1000;
  const at = (ms: number) => new Date(start + ms).toISOString();
  const events: unknown[] = [
    { eventId: `${callId}#1`, callId, occurredAt: at(0), type: 'dialing', direction: 'outbound', from: 'sip:agent@pbx.test', to: '+14155552671', record: null },
  ];
  if (busy) events.push({ eventId: `${callId}#2`, callId, occurredAt: at(3000), type: 'ended', cause: 'busy', sipStatus: 486, hungUpBy: 'remote' });
  else {
    events.push({ eventId: `${callId}#2`, callId, occurredAt: at(3000), type: 'answered' });
    events.push({ eventId: `${callId}#3`, callId, occurredAt: at(3000 + talkSeconds * 1000), type: 'ended', cause: 'hangup', sipStatus: null, hungUpBy: 'agent' });
  }
  if (notes) events.push({ eventId: `${callId}#4`, callId, occurredAt: at(700_000), type: 'wrapup', disposition: 'Follow-up', notes });
  return events;
}

/** Whether the CRM's Task for the call holds its duration, result and notes. */
export function taskMatches(task: Record<string, unknown> | undefined, want: ReturnType<typeof expectedCall>): boolean {
  return (
    task !== undefined &&
    task.CallDurationInSeconds === want.talkSeconds &&
    String(task.Subject).includes(want.busy ? 'busy' : 'answered') &&
    (want.notes === null || String(task.Description ?? '').includes(want.notes))
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
