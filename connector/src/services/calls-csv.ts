import type { Agent, CallFact, OffsetSegment } from '../store/store.js';

/** The columns of the calls export, in order. */
export const CALLS_CSV_COLUMNS = [
  'call_id',
  'agent_id',
  'agent_name',
  'team',
  'direction',
  'from',
  'to',
  'record_type',
  'record_id',
  'started_at',
  'started_local',
  'answered_at',
  'ended_at',
  'talk_seconds',
  'hold_seconds',
  'wrap_up_seconds',
  'result',
  'end_cause',
  'sip_status',
  'hung_up_by',
  'disposition',
  'notes',
] as const;

/** Lines end in CRLF, as RFC 4180 has it. */
const EOL = '\r\n';
/** A spreadsheet reads a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A strict E.164 number (`+` and up to 15 digits, no leading zero): the commonest cell of the export. A spreadsheet
 * reads it as a number at worst, never a formula that runs, so it is left as it is.
 */
const E164 = /^\+[1-9]\d{1,14}$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell: null and undefined are empty; text a spreadsheet would run as a formula (starting with = + - @, a tab
 * or CR) is prefixed with `'`, but for a strict E.164 number; a cell holding a quote, comma or line break is quoted,
 * its quotes doubled (RFC 4180).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text) && !E164.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, line end included. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + EOL;
}

export const CALLS_CSV_HEADER = csvLine(CALLS_CSV_COLUMNS);

/**
 * Turns call facts into CSV lines: times in ISO-8601 UTC, `started_local` as `YYYY-MM-DD HH:mm` in the export's zone
 * (from its offset segments), the agent's current name and team (empty once deleted). Facts MUST come in start order
 * and within the segments, as `Store.callFacts` gives them, so each offset is found by walking forward.
 */
export class CallsCsv {
  private segment = 0;

  constructor(private readonly deps: { readonly agents: ReadonlyMap<string, Agent>; readonly segments: readonly OffsetSegment[] }) {}

  line(fact: CallFact): string {
    const agent = this.deps.agents.get(fact.agentId);
    return csvLine([
      fact.callId,
      fact.agentId,
      agent?.name ?? null,
      agent?.team ?? null,
      fact.direction,
      fact.from,
      fact.to,
      fact.recordType,
      fact.recordId,
      iso(fact.startedAt),
      this.local(fact.startedAt),
      fact.answeredAt === null ? null : iso(fact.answeredAt),
      iso(fact.endedAt),
      fact.talkSeconds,
      fact.holdSeconds,
      fact.wrapUpSeconds,
      fact.result,
      fact.endCause,
      fact.sipStatus,
      fact.hungUpBy,
      fact.disposition,
      fact.notes,
    ]);
  }

  private local(at: number): string {
    const { segments } = this.deps;
    while (this.segment < segments.length - 1 && at >= segments[this.segment]!.to) this.segment += 1;
    const offset = segments[this.segment]?.offsetMs ?? 0;
    return new Date(at + offset).toISOString().slice(0, 16).replace('T', ' ');
  }
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
