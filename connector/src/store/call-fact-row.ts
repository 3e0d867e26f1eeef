import type { RolledUpCallFact } from './call-fact-from-record.js';
import type { CallFact } from './store.js';

/** A `call_facts` row as either store returns it (the PostgreSQL pool reads BIGINT as a JS number). */
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

/** Each column of `call_facts` and the field of the fact it holds, in table order (the order of {@link FACT_COLUMNS}). */
export const FACT_FIELDS: readonly (readonly [keyof FactRow, keyof RolledUpCallFact])[] = [
  ['leg', 'leg'],
  ['call_id', 'callId'],
  ['agent_id', 'agentId'],
  ['direction', 'direction'],
  ['from_party', 'from'],
  ['to_party', 'to'],
  ['record_type', 'recordType'],
  ['record_id', 'recordId'],
  ['started_at', 'startedAt'],
  ['answered_at', 'answeredAt'],
  ['ended_at', 'endedAt'],
  ['hour', 'hour'],
  ['talk_seconds', 'talkSeconds'],
  ['hold_seconds', 'holdSeconds'],
  ['wrap_up_seconds', 'wrapUpSeconds'],
  ['handle_seconds', 'handleSeconds'],
  ['result', 'result'],
  ['end_cause', 'endCause'],
  ['sip_status', 'sipStatus'],
  ['hung_up_by', 'hungUpBy'],
  ['disposition', 'disposition'],
  ['notes', 'notes'],
];

export const FACT_COLUMNS = FACT_FIELDS.map(([column]) => column).join(', ');

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

/** The fact a row holds, with what its rollup rows were given (its hour and handle time). */
export function toRolledUpFact(row: FactRow): RolledUpCallFact {
  return { ...toFact(row), hour: row.hour, handleSeconds: row.handle_seconds };
}
