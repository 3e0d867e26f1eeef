import { readFile } from 'node:fs/promises';

/**
 * Whether some process has bound this UDP port on 127.0.0.1 or on every address, read from /proc/net/udp (Linux)
 * rather than by binding it: a probe bind could steal the port from the process starting up.
 */
export async function udpPortBound(port: number): Promise<boolean> {
  const table = await readFile('/proc/net/udp', 'utf8');
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return table
    .split('\n')
    .slice(1)
    .some((line) => {
      const local = line.trim().split(/\s+/)[1];
      return local === `0100007F:${hexPort}` || local === `00000000:${hexPort}`;
    });
}
