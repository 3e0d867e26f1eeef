import {
  ConnectorError,
  type AgentSettings,
  type CallLogStatus,
  type ConnectorApi,
  type LookupResult,
  type PresenceReport,
  type Resolution,
  type ResolvePurpose,
  type WidgetCallEvent,
} from '../../../../widget/src/connector/connector-api.js';
import type { PushMessage } from '../../../../widget/src/connector/push-message.js';
import { AGENTS, type FakeAuthApi } from './fake-auth-api.js';

/** A number the fake connector refuses by policy, one it cannot dial, and one it cannot reach. */
export const REFUSED_NUMBER = '+44 909 879 0000';
export const UNUSABLE_NUMBER = '12ab';
export const REFUSAL_REASON = 'Premium-rate numbers are blocked by your team’s call policy.';
export const UNUSABLE_MESSAGE = 'This is not a phone number: it holds letters that do not spell digits.';

export const SETTINGS: AgentSettings = {
  agent: { id: 'maria', name: 'Maria Gonzalez' },
  sip: {
    aor: 'sip:maria@pbx.demo.test',
    authorizationUsername: 'maria',
    authorizationPassword: 'secret',
    wsServer: 'wss://pbx.demo.test:8443',
    displayName: 'Maria',
    iceServers: [],
  },
  heartbeatIntervalS: 30,
  dispositions: ['Interested', 'Call back later', 'Not interested'],
};

/** The agent's settings as the fake connector answers them: Maria's, or the same account under another agent's name. */
export function settingsFor(agent: { id: string; name: string }): AgentSettings {
  if (agent.id === SETTINGS.agent.id) return SETTINGS;
  return { ...SETTINGS, agent, sip: { ...SETTINGS.sip!, aor: `sip:${agent.id}@pbx.demo.test`, authorizationUsername: agent.id } };
}

/** What the app hands a connector client it creates. */
export interface ConnectorArgs {
  readonly agentId: string;
  readonly token: () => string | null;
  readonly onAuthRefused: (error: ConnectorError, token: string | null) => void;
}

/**
 * A `ConnectorApi` answering like the connector does: resolve turns digits into a `sip:+…` target with the policy
 * verdict (200 with `allowed: false` for a refusal, `ConnectorError` 422 for an unusable number), lookup finds the
 * callers in `directory`. Every answering call checks the current token with `auth` as the connector would: one
 * that is not live, or not this client's agent's, is refused with 401 (told to `onAuthRefused`, like the real client).
 */
export class FakeConnectorApi implements ConnectorApi {
  settingsAnswer: AgentSettings;
  /** When set, every call fails as if the network were down. */
  unreachable = false;
  readonly resolved: { number: string; record: { objectType: string; id: string } | null; purpose: ResolvePurpose }[] = [];
  readonly lookedUp: string[] = [];
  readonly events: WidgetCallEvent[] = [];
  /** The token each answering request carried, in order. */
  readonly tokens: (string | null)[] = [];
  beacons = 0;
  drained = 0;
  resumed = 0;
  stopped = 0;
  directory: Record<string, LookupResult['matches']> = {};
  contacts: Record<string, NonNullable<Resolution['contact']>> = {};

  constructor(
    private readonly args: ConnectorArgs,
    private readonly auth: FakeAuthApi,
  ) {
    const agent = Object.values(AGENTS).find((a) => a.id === args.agentId);
    this.settingsAnswer = settingsFor({ id: args.agentId, name: agent?.name ?? args.agentId });
  }

  get agentId(): string {
    return this.args.agentId;
  }

  async settings(): Promise<AgentSettings> {
    this.admit();
    return this.settingsAnswer;
  }

  async resolve(args: { number: string; record: { objectType: string; id: string } | null; purpose: ResolvePurpose }): Promise<Resolution> {
    this.admit();
    this.resolved.push(args);
    if (args.number === UNUSABLE_NUMBER) throw new ConnectorError(422, 'NUMBER_UNUSABLE', UNUSABLE_MESSAGE);
    const [main, ext] = args.number.split(/\s*x\s*/);
    const digits = (main ?? '').replace(/[^\d+]/g, '');
    const e164 = digits.startsWith('+') ? digits : `+1${digits}`;
    const refused = args.number === REFUSED_NUMBER;
    return {
      kind: 'pstn',
      e164,
      sipUri: `sip:${e164}@pbx.demo.test;user=phone`,
      extension: ext ?? null,
      display: e164,
      country: 'US',
      contact: this.contacts[e164] ?? null,
      policy: refused ? { allowed: false, code: 'PREMIUM_RATE', reason: REFUSAL_REASON } : { allowed: true },
    };
  }

  /** What `callLogStatus` answers for each Call-ID; pending when not set. */
  logStatus: Record<string, CallLogStatus['status']> = {};
  readonly statusAsked: string[] = [];

  async callLogStatus(callId: string): Promise<CallLogStatus> {
    this.admit();
    this.statusAsked.push(callId);
    const status = this.logStatus[callId] ?? 'pending';
    return { callId, status, crmId: status === 'delivered' ? `00T${callId.length}` : null };
  }

  /** Every presence report, in order. */
  readonly presence: PresenceReport[] = [];

  async reportPresence(report: PresenceReport): Promise<void> {
    this.admit();
    this.presence.push(report);
  }

  async lookup(number: string): Promise<LookupResult> {
    this.admit();
    this.lookedUp.push(number);
    return { e164: number, display: number, matches: this.directory[number] ?? [] };
  }

  /** The open push streams' listeners; `listened` counts every `listen`. */
  readonly streams = new Set<(message: PushMessage) => void>();
  listened = 0;

  listen(onMessage: (message: PushMessage) => void): () => void {
    this.listened += 1;
    this.streams.add(onMessage);
    return () => this.streams.delete(onMessage);
  }

  /** The connector pushes `message` to every open stream of this client. */
  push(message: PushMessage): void {
    for (const listener of [...this.streams]) listener(message);
  }

  report(event: WidgetCallEvent): void {
    this.events.push(event);
  }

  /** While set, `drain` waits for it: events still on their way when the agent signs out. */
  drainGate: Promise<void> | null = null;

  async drain(): Promise<void> {
    this.drained += 1;
    await this.drainGate;
  }

  flushWithBeacon(): void {
    this.beacons += 1;
  }

  resume(): void {
    this.resumed += 1;
  }

  stop(): void {
    this.stopped += 1;
  }

  /** A request that carried `token` was refused as signed out (one sent before a refresh, say). */
  refusedWith(token: string | null, error = new ConnectorError(401, 'SESSION_EXPIRED', 'Your session has ended; sign in again.')): void {
    this.args.onAuthRefused(error, token);
  }

  /** What the connector checks first: reachable, and a live session of this client's agent. */
  private admit(): void {
    if (this.unreachable) throw new Error('The connector cannot be reached.');
    const token = this.args.token();
    this.tokens.push(token);
    if (this.auth.agentOf(token) !== this.args.agentId) {
      const error = new ConnectorError(401, 'SESSION_EXPIRED', 'Your session has ended; sign in again.');
      this.args.onAuthRefused(error, token);
      throw error;
    }
  }
}
