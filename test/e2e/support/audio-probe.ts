/// <reference lib="dom" />
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { pollFor } from './poll.js';

/** Audio RTP packets of every live peer connection of a frame, summed. */
export interface AudioPackets {
  readonly sent: number;
  readonly received: number;
}

/** Audio packets per second a live call carried each way. */
export interface AudioFlow {
  readonly sentPerSecond: number;
  readonly receivedPerSecond: number;
}

/**
 * Makes every frame of the context remember the RTCPeerConnections its scripts build, so a test can read their
 * `getStats()` without reaching into the widget. The connections themselves are untouched: the constructor is
 * subclassed, not replaced by a fake.
 */
export async function installAudioProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(`(() => {
    const Native = window.RTCPeerConnection;
    if (!Native) return;
    const seen = [];
    window.__peerConnections = seen;
    window.RTCPeerConnection = class extends Native {
      constructor(...args) { super(...args); seen.push(this); }
    };
  })();`);
}

/** The audio packets sent and received so far by the frame's peer connections that are not closed. */
export function audioPackets(where: Page | Frame): Promise<AudioPackets> {
  return where.evaluate(async () => {
    const connections = ((window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? []).filter(
      (pc) => pc.connectionState !== 'closed',
    );
    let sent = 0;
    let received = 0;
    for (const pc of connections) {
      const stats = await pc.getStats();
      stats.forEach((report: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
        if (report.kind !== 'audio') return;
        if (report.type === 'outbound-rtp') sent += report.packetsSent ?? 0;
        if (report.type === 'inbound-rtp') received += report.packetsReceived ?? 0;
      });
    }
    return { sent, received };
  });
}

/**
 * Audio packets per second each way, measured over `ms` of the live call once packets have begun to flow both ways
 * (ICE and DTLS through the relay may still be finishing when the call is answered; up to `startTimeoutMs`). When
 * they never do, measures anyway, so the caller's assertion reports the zero.
 */
export async function measureAudio(where: Page | Frame, ms = 1000, startTimeoutMs = 5000): Promise<AudioFlow> {
  await pollFor('audio both ways', async () => {
    const packets = await audioPackets(where);
    return packets.sent > 0 && packets.received > 0 ? true : undefined;
  }, { timeoutMs: startTimeoutMs, everyMs: 100 }).catch(() => undefined);
  const before = await audioPackets(where);
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await audioPackets(where);
  const seconds = (Date.now() - started) / 1000;
  return {
    sentPerSecond: Math.round((after.sent - before.sent) / seconds),
    receivedPerSecond: Math.round((after.received - before.received) / seconds),
  };
}
