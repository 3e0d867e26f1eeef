import { MAX_PUSH_PAYLOAD_BYTES, type PublishedPushMessage, type PushAddress } from './agent-push.js';

/** A message as it travels between instances: who it is for, and what. */
export interface PushEnvelope {
  readonly to: PushAddress;
  readonly message: PublishedPushMessage;
}

const TYPES = new Set<string>(['session-ended', 'settings-changed', 'screen-pop']);

/** The JSON of `{to, message}`; a RangeError when it is over {@link MAX_PUSH_PAYLOAD_BYTES} bytes. */
export function encodePushPayload(to: PushAddress, message: PublishedPushMessage): string {
  const payload = JSON.stringify({ to, message } satisfies PushEnvelope);
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_PUSH_PAYLOAD_BYTES) {
    throw new RangeError(`a ${message.type} push of ${bytes} bytes is over the ${MAX_PUSH_PAYLOAD_BYTES}-byte limit; trim it`);
  }
  return payload;
}

/**
 * The envelope in a payload another instance sent; null for anything else (another program notifying the same
 * channel, a newer instance's message type), which the receiver ignores rather than hands to widgets.
 */
export function decodePushPayload(payload: string): PushEnvelope | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { to, message } = value as { to?: unknown; message?: unknown };
  if (typeof to !== 'string' || to === '' || typeof message !== 'object' || message === null) return null;
  const type = (message as { type?: unknown }).type;
  return typeof type === 'string' && TYPES.has(type) ? { to, message: message as PublishedPushMessage } : null;
}
