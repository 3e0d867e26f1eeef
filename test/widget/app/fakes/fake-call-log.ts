import type { CallLog } from '../../../../widget/src/app/app-ports.js';
import type { HostRecord } from '../../../../widget/src/hosts/host-bridge.js';
import type { PhoneCall } from '../../../../widget/src/phone/phone-call.js';

/** Records what the app asked the call log to report. */
export class FakeCallLog implements CallLog {
  readonly tracked: { callId: string; record: HostRecord | null }[] = [];
  /** The calls tracked as consultation calls of an attended transfer. */
  readonly consults: string[] = [];
  readonly records: { callId: string; record: HostRecord | null }[] = [];
  readonly wrapUps: { callId: string; disposition: string | null; notes: string | null }[] = [];
  stopped = 0;

  track(call: PhoneCall, record: HostRecord | null, options: { readonly consult: boolean }): void {
    this.tracked.push({ callId: call.callId, record });
    if (options.consult) this.consults.push(call.callId);
  }

  setRecord(callId: string, record: HostRecord | null): void {
    this.records.push({ callId, record });
  }

  wrapUp(callId: string, disposition: string | null, notes: string | null): void {
    this.wrapUps.push({ callId, disposition, notes });
  }

  stop(): void {
    this.stopped += 1;
  }
}
