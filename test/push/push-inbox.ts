import type { AgentPushMessage } from '../../connector/src/push/agent-push.js';

/**
 * What one subscriber received, in order, with a way to wait for a message without sleeping: `next` resolves with the
 * first message not taken yet, or rejects after `timeoutMs`.
 */
export class PushInbox {
  readonly received: AgentPushMessage[] = [];
  closed = 0;
  private taken = 0;
  private waiting: (() => void) | null = null;

  readonly listener = (message: AgentPushMessage): void => {
    this.received.push(message);
    this.waiting?.();
  };

  readonly onClosed = (): void => {
    this.closed += 1;
    this.waiting?.();
  };

  async next(timeoutMs = 3000): Promise<AgentPushMessage> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length <= this.taken) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no push arrived within ${timeoutMs} ms (got ${JSON.stringify(this.received)})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiting = null;
    }
    return this.received[this.taken++]!;
  }

  /** Messages received and not taken by `next`. */
  get untaken(): AgentPushMessage[] {
    return this.received.slice(this.taken);
  }
}
