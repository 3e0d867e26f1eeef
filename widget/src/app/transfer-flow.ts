import type { AppModel } from './app-model.js';
import type { CallDesk } from './call-desk.js';

/**
 * Transfers, as the panel offers them (see `TransferState` for the diagram). The transfer target is resolved by the
 * connector like any dialled number, so the call policy holds for transfers too.
 */
export class TransferFlow {
  constructor(
    private readonly model: AppModel,
    private readonly desk: CallDesk,
  ) {}

  start(callId: string): void {
    if (!this.model.entries.has(callId)) return;
    this.model.transfer = { callId, stage: 'choosing', consultCallId: null };
    this.model.notice = null;
    this.model.emit();
  }

  /**
   * REFER to the typed number; the call ends once the far end accepts it. The target is resolved for `display`: the
   * call policy applies, but no new call of the agent is counted against its limits.
   */
  async blind(number: string): Promise<void> {
    const t = this.model.transfer;
    if (!t || t.stage !== 'choosing') return;
    const target = await this.desk.resolve(number, null, 'display');
    if (!target || this.model.transfer !== t) return;
    const done = await this.desk.control(t.callId, (call) => call.transfer(target.sipUri));
    if (done) {
      this.model.transfer = null;
      this.model.tell('info', `Transferred to ${target.display || number}.`);
    }
  }

  /** Holds the customer and calls the typed number, so the agent can introduce the call before completing. */
  async attended(number: string): Promise<void> {
    const t = this.model.transfer;
    if (!t || t.stage !== 'choosing') return;
    // The consultation is a call of the agent's own, so its limits apply.
    const target = await this.desk.resolve(number, null, 'dial');
    if (!target || this.model.transfer !== t) return;
    const original = this.model.entries.get(t.callId);
    if (!original) return;
    if (!original.call.onHold && !(await this.desk.control(t.callId, (call) => call.hold()))) return;
    const consult = await this.desk.place(target, { record: null, name: null, number: target.display || number, dialString: number, consult: true });
    if (!consult) return;
    this.model.transfer = { callId: t.callId, stage: 'consulting', consultCallId: consult.callId };
    this.model.emit();
  }

  /** REFER with Replaces: the customer is joined to the consulted party and both of the agent's calls end. */
  async complete(): Promise<void> {
    const t = this.model.transfer;
    const consult = t?.consultCallId ? this.model.entries.get(t.consultCallId) : undefined;
    if (!t || !consult) return;
    const done = await this.desk.control(t.callId, (call) => call.transferTo(consult.call));
    if (done) {
      this.model.transfer = null;
      this.model.tell('info', `Transferred to ${consult.number}.`);
    }
  }

  /** Gives up: the consultation (if any) is hung up and the customer taken off hold. */
  async cancel(): Promise<void> {
    const t = this.model.transfer;
    if (!t) return;
    this.model.transfer = null;
    this.model.focusedCallId = t.callId;
    this.model.emit();
    if (t.consultCallId) await this.desk.control(t.consultCallId, (call) => call.hangup());
    if (this.model.entries.get(t.callId)?.call.onHold) await this.desk.control(t.callId, (call) => call.resume());
  }

  /** A call ended: a transfer that needed it is over (the customer left, or the consulted party hung up). */
  callEnded(callId: string): void {
    const t = this.model.transfer;
    if (!t) return;
    if (t.callId === callId) {
      this.model.transfer = null;
    } else if (t.consultCallId === callId) {
      this.model.transfer = { callId: t.callId, stage: 'choosing', consultCallId: null };
      this.model.focusedCallId = t.callId;
      if (this.model.entries.has(t.callId)) this.model.notice = { tone: 'info', text: 'The transfer call ended. Your customer is still on hold.' };
    }
  }
}
