/**
 * Messages the connector pushes to signed-in widgets (over `GET /api/v1/agent/events`), and the channel that carries
 * them between connector instances: a widget is connected to one instance, the change that concerns it may happen
 * on any other.
 */

/**
 * Why a widget's session ended from elsewhere: an admin's change, or `signed-out` (the agent signed out in another
 * widget, which ends all of its sessions). The widget signs out and says so.
 */
export type SessionEndReason = 'disabled' | 'deleted' | 'sessions-ended' | 'sign-in-key-reset' | 'role-changed' | 'crm-user-changed' | 'signed-out';

/** A CRM record an inbound caller's number matched, as `GET /api/v1/lookup` answers it. */
export interface ScreenPopMatch {
  readonly objectType: string;
  readonly id: string;
  readonly name: string;
}

export type AgentPushMessage =
  /**
   * The agent's sessions ended (an admin's change, or the agent's own sign-out elsewhere): every widget of the agent
   * signs out at once, and the connector ends the stream right after this message.
   */
  | { readonly type: 'session-ended'; readonly reason: SessionEndReason }
  /**
   * Something the widget shows or registers with changed (its SIP account, its profile): the widget reads its
   * settings again, and re-registers when its SIP account changed and no call is in progress.
   */
  | { readonly type: 'settings-changed' }
  /**
   * An inbound call of the agent was reported ringing: who is calling, from the CRM's reverse lookup, for every widget
   * of the agent. A widget holding that call pops the record unless it has already. `callId` is the SIP Call-ID,
   * `number` the caller's number as the lookup shows it (`display`), `matches` the first few records holding it.
   */
  | { readonly type: 'screen-pop'; readonly callId: string; readonly number: string; readonly matches: readonly ScreenPopMatch[] }
  /**
   * The channel lost messages (a connector instance lost its database connection for a while): every widget reads its
   * settings again, as after `settings-changed`. Never published; the channel emits it to its subscribers.
   */
  | { readonly type: 'resync' };

/** Addressed to one agent's widgets, or to every signed-in widget (`*`). */
export type PushAddress = string | '*';

/** The messages senders publish; `resync` is the channel's own. */
export type PublishedPushMessage = Exclude<AgentPushMessage, { type: 'resync' }>;

/** PostgreSQL's NOTIFY payload limit is 8,000 bytes; this leaves room for the envelope and multi-byte text. */
export const MAX_PUSH_PAYLOAD_BYTES = 7000;

/**
 * The channel between connector instances.
 *
 * Contract:
 * - `publish` MUST deliver the message to every subscriber of the address (and of `*` for broadcasts) in every
 *   instance sharing the channel, this one included, at most once each; it resolves once the message is handed to the
 *   channel (PostgreSQL: `pg_notify` committed), and MUST NOT reject for a message nobody listens to.
 * - A message MUST NOT exceed {@link MAX_PUSH_PAYLOAD_BYTES} of JSON as sent (`{"to", "message"}`); `publish` rejects
 *   a larger one with a RangeError, on every kind of channel alike. Senders trim (a screen pop keeps its first matches).
 * - When the channel may have lost messages (its connection dropped and came back), it MUST emit `{type: 'resync'}`
 *   to every subscriber once it listens again.
 * - A listener that throws MUST NOT keep the message from the other subscribers.
 * - `subscribe` returns the unsubscribe function (idempotent); `onClosed` is called once when the channel closes, so a
 *   subscriber holding a connection open (an event stream) can end it. After `close` (idempotent) nothing is delivered,
 *   `publish` rejects and `subscribe` calls `onClosed` at once.
 */
export interface AgentPush {
  readonly kind: 'local' | 'postgres';
  publish(address: PushAddress, message: PublishedPushMessage): Promise<void>;
  /** Calls `listener` with every message addressed to `agentId` or broadcast. */
  subscribe(agentId: string, listener: (message: AgentPushMessage) => void, onClosed?: () => void): () => void;
  /** Subscriptions open now in this instance (event streams connected to it). */
  readonly subscriberCount: number;
  close(): Promise<void>;
}
