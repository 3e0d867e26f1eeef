import type { ClientRequest } from 'node:http';
import { WidgetHttp } from './widget-http.js';
import { eventsBody, newCallId, type ReportedCall, type ReportedEventType } from './widget-events.js';

/** The widget's presence report interval (`PRESENCE_INTERVAL_MS`, widget/src/app/presence-reporter.ts). */
const PRESENCE_INTERVAL_MS = 30_000;

/** Records the widgets dial from: the demo CRM's, one per object type, none of them refused by the default policy. */
const DIALLED = [
  { number: '+1 650-253-0000', objectType: 'Contact', recordId: 'CON-0001' },
  { number: '416-363-4868', objectType: 'Lead', recordId: 'LEA-0001' },
  { number: '020 7946 0958', objectType: 'Contact', recordId: 'CON-0002' },
  { number: '(415) 555-2600', objectType: 'Account', recordId: 'ACC-0001' },
] as const;

/** What the widgets of a run did, and what went wrong: the benchmark fails on any failure. */
export class WidgetTally {
  readonly heartbeatsPerCall = new Map<string, number>();
  readonly failures: string[] = [];
  requests = 0;
  /** Requests sent again after the connector reset a new connection. */
  resets = 0;
}

/**
 * One signed-in softphone as the connector sees it, without a browser: it reads its settings, reports presence every
 * 30 s, holds its push stream (`GET /api/v1/agent/events`) open, and places outbound calls as the widget does (resolve
 * with `purpose: "dial"`, then `dialing`, `ringing` and `answered` as the call progresses), each kept alive by a
 * `heartbeat` every `heartbeatIntervalS` (the agent's settings) until {@link close}.
 */
export class SimulatedWidget {
  private readonly timers: NodeJS.Timeout[] = [];
  private stream: ClientRequest | null = null;
  private closed = false;
  /** From the agent's settings, once {@link open} resolved. */
  heartbeatIntervalS = 0;
  private calls = 0;

  private readonly http: WidgetHttp;

  /** `localAddress`: the loopback address this widget's browser connects from. */
  constructor(
    baseUrl: string,
    private readonly user: string,
    token: string,
    localAddress: string,
    private readonly tally: WidgetTally,
  ) {
    this.http = new WidgetHttp(baseUrl, token, localAddress, () => (this.tally.resets += 1));
  }

  /** Settings, the first presence report and the push stream, as a widget starts once signed in. */
  async open(): Promise<void> {
    const settings = await this.send<{ heartbeatIntervalS: number }>('GET', '/api/v1/agent/settings');
    this.heartbeatIntervalS = settings.heartbeatIntervalS;
    await this.reportPresence();
    this.timers.push(setInterval(() => this.background(this.reportPresence()), PRESENCE_INTERVAL_MS));
    await this.openPushStream();
  }

  /** Places one call and keeps it alive; resolves once it is reported answered. */
  async placeCall(): Promise<void> {
    const dialled = DIALLED[this.calls++ % DIALLED.length]!;
    const resolution = await this.send<{ e164: string | null; sipUri: string; policy: { allowed: boolean; code?: string } }>('POST', '/api/v1/resolve', {
      ...dialled,
      purpose: 'dial',
    });
    if (!resolution.policy.allowed) throw new Error(`${this.user} may not dial ${dialled.number}: ${resolution.policy.code}`);
    const call: ReportedCall = { callId: newCallId(), from: this.user, to: resolution.e164 ?? resolution.sipUri, record: { objectType: dialled.objectType, id: dialled.recordId } };
    await this.report(call, 'dialing');
    // From the moment the call is reported, as the widget's CallReporter does.
    this.tally.heartbeatsPerCall.set(call.callId, 0);
    this.timers.push(
      setInterval(() => {
        this.background(this.report(call, 'heartbeat').then(() => this.tally.heartbeatsPerCall.set(call.callId, this.tally.heartbeatsPerCall.get(call.callId)! + 1)));
      }, this.heartbeatIntervalS * 1000),
    );
    await this.report(call, 'ringing');
    await this.report(call, 'answered');
  }

  /** Stops every timer and hangs up the push stream (the page closed). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.stream?.destroy();
    this.http.close();
  }

  private report(call: ReportedCall, type: ReportedEventType): Promise<unknown> {
    return this.send('POST', '/api/v1/calls/events', eventsBody(call, type));
  }

  private reportPresence(): Promise<unknown> {
    return this.send('POST', '/api/v1/agent/presence', { widgetId: `bench-${this.user}`, registration: 'registered', host: 'salesforce' });
  }

  private send<T>(method: string, path: string, body?: unknown): Promise<T> {
    this.tally.requests += 1;
    return this.http.json<T>(method, path, body);
  }

  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      if (!this.closed) this.tally.failures.push(`${this.user}: ${(error as Error).message}`);
    });
  }

  /** Resolves once the stream answered 200; any later error or end before {@link close} is a failure. */
  private openPushStream(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream = this.http.stream('/api/v1/agent/events', (res) => {
        res.resume();
        if (res.statusCode !== 200) {
          reject(new Error(`GET /api/v1/agent/events answered ${res.statusCode}`));
          return;
        }
        res.on('end', () => this.background(Promise.reject(new Error('the push stream ended'))));
        resolve();
      });
      this.stream.on('error', (cause) => {
        const error = new Error(`${this.user}'s push stream failed: ${cause.message}`, { cause });
        reject(error);
        this.background(Promise.reject(error));
      });
    });
  }
}
