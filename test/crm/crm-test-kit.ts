import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { CallLog } from '../../connector/src/crm/call-log.js';
import { CrmError } from '../../connector/src/crm/crm-error.js';

/** Helpers every CRM adapter's tests share: loggers, the error a call rejects with, a call log to upsert. */

/** A pino logger at trace level, with no redaction, whose output the test can read. */
export function capturedLogger(): { readonly logger: Logger; output(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), output: () => chunks.join('') };
}

/** A logger that drops everything, for tests that do not read logs. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** The CrmError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<CrmError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CrmError, `expected a CrmError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

/**
 * An answered outbound call of 3m 12s that started late on 14 March (UTC), as the outbox hands it to
 * `upsertCallLogs`, with no owner, record, disposition or notes: each adapter's fixtures add their CRM's own.
 */
export function answeredCall(overrides: Partial<CallLog> = {}): CallLog {
  return {
    callId: 'a84b4c76e66710@pc33.atlanta.example.com',
    ownerCrmId: null,
    direction: 'outbound',
    from: 'sip:agent7@pbx.demo.test',
    to: '+442079460958',
    record: null,
    startedAt: '2025-03-14T23:58:01.000Z',
    answeredAt: '2025-03-14T23:58:09.000Z',
    endedAt: '2025-03-15T00:01:21.000Z',
    durationSeconds: 192,
    holdSeconds: 0,
    result: 'answered',
    sipStatus: 200,
    disposition: null,
    notes: null,
    transferTarget: null,
    subject: 'Outbound call to +44 20 7946 0958: answered, 3m 12s',
    ...overrides,
  };
}
