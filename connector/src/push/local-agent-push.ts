import type { AgentPush, AgentPushMessage, PublishedPushMessage, PushAddress } from './agent-push.js';
import { decodePushPayload, encodePushPayload } from './push-payload.js';
import { PushSubscribers } from './push-subscribers.js';

/**
 * The channel of a single connector instance (the embedded SQLite store): messages go straight to this process's
 * subscribers. It never loses a message, so it never emits `resync`. The payload goes through the same encoding as on
 * PostgreSQL, so a message too big for NOTIFY is refused here too and never first found out in production.
 */
export class LocalAgentPush implements AgentPush {
  readonly kind = 'local';
  readonly #subscribers: PushSubscribers;

  constructor(options: { readonly onListenerError?: (error: unknown) => void } = {}) {
    this.#subscribers = new PushSubscribers(options.onListenerError);
  }

  get subscriberCount(): number {
    return this.#subscribers.count;
  }

  async publish(address: PushAddress, message: PublishedPushMessage): Promise<void> {
    if (this.#subscribers.closed) throw new Error('the push channel is closed');
    const envelope = decodePushPayload(encodePushPayload(address, message));
    // Handed over on a later tick, as a notification arrives after its NOTIFY: never inside the sender's own call.
    if (envelope) queueMicrotask(() => this.#subscribers.deliver(envelope.to, envelope.message));
  }

  subscribe(agentId: string, listener: (message: AgentPushMessage) => void, onClosed?: () => void): () => void {
    return this.#subscribers.add(agentId, listener, onClosed);
  }

  async close(): Promise<void> {
    this.#subscribers.closeAll();
  }
}
