import type { HostCallEvent } from '../host-bridge.js';

/** A record as a page names it to `ClickToCall.dial`. */
export interface PageRecord {
  readonly objectType: string;
  readonly id: string;
  readonly name?: string | null;
}

export interface ClickToCallEvents {
  /** Every moment of every call (outgoing, incoming, answered, ended, completed, logged). */
  call: (event: HostCallEvent) => void;
}

/**
 * `window.ClickToCall`: what a web page hosting the widget may drive and follow. The same `call` events are also
 * dispatched on `window` as `CustomEvent('clicktocall:call', { detail })`, for pages that prefer DOM events.
 *
 * - `dial` MUST throw a TypeError saying what is wrong when the number or record is not usable, and dial otherwise.
 * - `on` returns the function that removes the listener; a listener that throws is logged, never breaks a call.
 */
export interface ClickToCallApi {
  dial(number: string, record?: PageRecord | null): void;
  hangup(): void;
  on<E extends keyof ClickToCallEvents>(event: E, listener: ClickToCallEvents[E]): () => void;
}
