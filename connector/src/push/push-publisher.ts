import type { Logger } from 'pino';
import type { AgentPush, PublishedPushMessage, PushAddress } from './agent-push.js';

/**
 * Publishes a push for a request that has done its work already (an admin change, a call event): it never rejects,
 * so a channel that is down never fails the request; a failure is logged with the message type and address.
 */
export type PushPublisher = (address: PushAddress, message: PublishedPushMessage) => Promise<void>;

export function pushPublisher(push: AgentPush, logger: Logger): PushPublisher {
  return async (address, message) => {
    try {
      await push.publish(address, message);
    } catch (error) {
      logger.warn({ err: error, to: address, type: message.type }, 'push not published; the widgets will see the change at their next read');
    }
  };
}
