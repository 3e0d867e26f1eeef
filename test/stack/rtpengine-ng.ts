import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { bdecode, bencode, type Bencoded } from './bencode.js';

/**
 * Sends one command of rtpengine's ng control protocol (`<cookie> <bencoded dictionary>` over UDP) to 127.0.0.1 and
 * resolves with the reply dictionary. Rejects when no reply comes within `timeoutMs`; an rtpengine error is a reply
 * with `result: "error"`, not a rejection.
 */
export function rtpengineCommand(
  ngPort: number,
  command: Record<string, Bencoded>,
  timeoutMs = 1000,
): Promise<Record<string, Bencoded>> {
  const cookie = randomBytes(6).toString('hex');
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const finish = (outcome: () => void): void => {
      clearTimeout(timer);
      socket.close();
      outcome();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`rtpengine on udp ${ngPort} did not answer ${String(command.command)}`))),
      timeoutMs,
    );
    socket.on('error', (error) => finish(() => reject(error)));
    socket.on('message', (message) => {
      const space = message.indexOf(' ');
      if (space < 0 || message.subarray(0, space).toString('ascii') !== cookie) return;
      finish(() => {
        let reply: Bencoded;
        try {
          reply = bdecode(message.subarray(space + 1));
        } catch (error) {
          // Thrown here it would escape the socket handler as an uncaught exception and leave the promise pending.
          reject(new Error(`rtpengine on udp ${ngPort} sent a malformed reply: ${(error as Error).message}`));
          return;
        }
        if (typeof reply !== 'object' || Array.isArray(reply)) reject(new Error('rtpengine replied with no dictionary'));
        else resolve(reply);
      });
    });
    socket.send(Buffer.concat([Buffer.from(`${cookie} `), bencode(command)]), ngPort, '127.0.0.1');
  });
}

/** The Call-IDs of the media sessions rtpengine holds right now (ng `list`). */
export async function rtpengineCallIds(ngPort: number): Promise<string[]> {
  const reply = await rtpengineCommand(ngPort, { command: 'list', limit: 1000 });
  const calls = reply.calls;
  return Array.isArray(calls) ? calls.map(String) : [];
}
