import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProbeTarget {
  readonly udpPort: number;
  readonly wsPort: number;
  /** Resolves with a description when the Kamailio process ends. */
  readonly exited: Promise<string>;
  readonly timeoutMs: number;
}

/**
 * Resolves once Kamailio runs its request route (an OPTIONS ping on UDP gets a 200) and its WebSocket port accepts
 * connections: a listening socket alone comes before the workers are ready. Rejects when Kamailio exits first or
 * `timeoutMs` pass.
 */
export async function waitForKamailio(target: ProbeTarget): Promise<void> {
  let exit: string | undefined;
  void target.exited.then((description) => (exit = description));
  const deadline = Date.now() + target.timeoutMs;
  let attempt = 0;
  for (;;) {
    if (exit !== undefined) throw new Error(exit);
    if (Date.now() > deadline) throw new Error(`no answer on udp ${target.udpPort} and ws ${target.wsPort} within ${target.timeoutMs} ms`);
    attempt++;
    if ((await optionsAnswered(target.udpPort, attempt)) && (await tcpAccepts(target.wsPort))) return;
    await sleep(50);
  }
}

function optionsAnswered(port: number, attempt: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const finish = (answered: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), 250);
    socket.on('error', () => finish(false));
    socket.on('message', (message) => finish(message.toString('utf8').startsWith('SIP/2.0 200')));
    socket.bind(0, '127.0.0.1', () => {
      const local = socket.address().port;
      const request = [
        `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-stack-probe-${process.pid}-${attempt};rport`,
        'Max-Forwards: 70',
        `From: <sip:probe@127.0.0.1:${local}>;tag=probe${attempt}`,
        `To: <sip:127.0.0.1:${port}>`,
        `Call-ID: stack-probe-${process.pid}-${attempt}@127.0.0.1`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.send(request, port, '127.0.0.1');
    });
  });
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
