import type { AgentPushMessage, PushAddress } from './agent-push.js';

interface Subscription {
  readonly agentId: string;
  readonly listener: (message: AgentPushMessage) => void;
  readonly onClosed: (() => void) | undefined;
}

/**
 * The subscribers of one connector instance, which every kind of channel hands what reaches it. Delivery is
 * synchronous and one listener's exception never reaches another (it goes to `onListenerError`); a message is handed
 * to the subscriptions open when it arrives.
 */
export class PushSubscribers {
  readonly #all = new Set<Subscription>();
  #closed = false;

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  get count(): number {
    return this.#all.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** See `AgentPush.subscribe`: after `closeAll`, `onClosed` runs at once and nothing is kept. */
  add(agentId: string, listener: (message: AgentPushMessage) => void, onClosed?: () => void): () => void {
    if (this.#closed) {
      onClosed?.();
      return () => {};
    }
    const subscription: Subscription = { agentId, listener, onClosed };
    this.#all.add(subscription);
    return () => {
      this.#all.delete(subscription);
    };
  }

  /** Hands `message` to the subscribers of `address` (every one for `*`). */
  deliver(address: PushAddress, message: AgentPushMessage): void {
    for (const subscription of [...this.#all]) {
      if (address === '*' || subscription.agentId === address) this.#call(() => subscription.listener(message));
    }
  }

  /** Tells every subscriber that messages may have been lost. */
  resync(): void {
    this.deliver('*', { type: 'resync' });
  }

  /** Ends every subscription, telling each; idempotent. */
  closeAll(): void {
    if (this.#closed) return;
    this.#closed = true;
    const ending = [...this.#all];
    this.#all.clear();
    for (const subscription of ending) if (subscription.onClosed) this.#call(subscription.onClosed);
  }

  #call(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
