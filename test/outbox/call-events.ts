import type { CallEvent } from '../../connector/src/domain/call-event.js';

let counter = 0;

/** The events of one finished outbound call as a widget reports them. */
export function finishedCall(
  callId: string,
  options: { agentId?: string; startMs?: number; talkSeconds?: number; answered?: boolean; notes?: string; wrapUpShown?: boolean } = {},
): CallEvent[] {
  const agentId = options.agentId ?? 'agent-1';
  const start = options.startMs ?? Date.parse('2026-11-23T10:00:00.000Z');
  const at = (ms: number) => new Date(start + ms).toISOString();
  const id = () => `evt-${++counter}`;
  // As a widget that showed the agent a wrap-up form says at the end; older widgets say nothing.
  const shown = options.wrapUpShown === undefined ? {} : { wrapUp: options.wrapUpShown };
  const events: CallEvent[] = [
    { eventId: id(), callId, agentId, occurredAt: at(0), type: 'dialing', direction: 'outbound', from: 'sip:agent-1@pbx.demo.test', to: '+14155552671', record: { objectType: 'Contact', id: 'CON-0001' } },
  ];
  if (options.answered ?? true) {
    events.push({ eventId: id(), callId, agentId, occurredAt: at(2000), type: 'answered' });
    const talkMs = (options.talkSeconds ?? 30) * 1000;
    events.push({ eventId: id(), callId, agentId, occurredAt: at(2000 + talkMs), type: 'ended', cause: 'hangup', sipStatus: null, hungUpBy: 'remote', ...shown });
  } else {
    events.push({ eventId: id(), callId, agentId, occurredAt: at(20_000), type: 'ended', cause: 'busy', sipStatus: 486, hungUpBy: 'remote', ...shown });
  }
  if (options.notes) {
    events.push({ eventId: id(), callId, agentId, occurredAt: at(100_000), type: 'wrapup', disposition: 'Interested', notes: options.notes });
  }
  return events;
}
