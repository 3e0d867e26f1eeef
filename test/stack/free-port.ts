import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A loopback TCP port nobody listens on right now, found by binding port 0 and closing. Another process could take it
 * before the caller binds it; on a test machine that race is rare and fails loudly (the server reports the bind).
 */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A loopback UDP port free right now (same caveat as {@link freeTcpPort}). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Whether a loopback UDP port can be bound right now. */
export function udpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/**
 * A free even UDP port whose neighbours up to `span` are free too: sipp binds its RTP socket on the media port and
 * more sockets just above it (port + 2 for video), and fails when one is taken.
 */
export async function freeUdpPortRange(span: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = (await freeUdpPort()) & ~1;
    let allFree = true;
    for (let offset = 0; offset <= span && allFree; offset++) allFree = await udpPortIsFree(base + offset);
    if (allFree && base + span < 65536) return base;
  }
  throw new Error(`No ${span + 1} consecutive free UDP ports on 127.0.0.1`);
}

/**
 * A block of `size` consecutive UDP ports, all free right now, below the kernel's ephemeral range (Linux starts it at
 * 32768): a media relay allocates from it call after call, and ports that `bind(0)` hands out to sipp and Kamailio
 * never land inside it. The start is random, so stacks started side by side rarely pick the same block.
 */
export async function freeUdpPortBlock(size: number, lowest = 20_000, below = 32_768): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = (lowest + Math.floor(Math.random() * (below - lowest - size))) & ~1;
    let allFree = true;
    for (let port = base; port < base + size && allFree; port++) allFree = await udpPortIsFree(port);
    if (allFree) return base;
  }
  throw new Error(`No block of ${size} free UDP ports between ${lowest} and ${below} on 127.0.0.1`);
}
