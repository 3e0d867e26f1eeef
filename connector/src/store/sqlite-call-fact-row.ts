import type { CallFact } from './store.js';

/** A `call_facts` row as SQLite returns it. */
export interface FactRow {
  leg: string;
  call_id: string;
  agent_id: string;
  direction: 'inbound' | 'outbound' | null;
  from_party: string | null;
  to_party: string | null;
  record_type: string | null;
  record_id: string | null;
  started_at: number;
  answered_at: number | null;
  ended_at: number;
  hour: number;
  talk_seconds: number;
  hold_seconds: number;
  wrap_up_seconds: number;
  handle_seconds: number;
  result: string | null;
  end_cause: string | null;
  sip_status: number | null;
  hung_up_by: string | null;
  disposition: string | null;
  notes: string | null;
}

export const FACT_COLUMNS =
  'leg, call_id, agent_id, direction, from_party, to_party, record_type, record_id, started_at, answered_at, ended_at, hour, ' +
  'talk_seconds, hold_seconds, wrap_up_seconds, handle_seconds, result, end_cause, sip_status, hung_up_by, disposition, notes';

/** The fact a `call_facts` row holds. */
export function toFact(row: FactRow): CallFact {
  return {
    leg: row.leg,
    callId: row.call_id,
    agentId: row.agent_id,
    direction: row.direction,
    from: row.from_party,
    to: row.to_party,
    recordType: row.record_type,
    recordId: row.record_id,
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    talkSeconds: row.talk_seconds,
    holdSeconds: row.hold_seconds,
    wrapUpSeconds: row.wrap_up_seconds,
    result: row.result,
    endCause: row.end_cause,
    sipStatus: row.sip_status,
    hungUpBy: row.hung_up_by,
    disposition: row.disposition,
    notes: row.notes,
  };
}
