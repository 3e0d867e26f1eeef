import {
  ConnectorError,
  type AgentSettings,
  type CallLogStatus,
  type ConnectorApi,
  type LookupResult,
  type Resolution,
  type WidgetCallEvent,
} from '../../../../widget/src/connector/connector-api.js';

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

/**
 * A `ConnectorApi` answering like the connector does: resolve turns digits into a `sip:+…` target with the policy
 * verdict (200 with `allowed: false` for a refusal, `ConnectorError` 422 for an unusable number), lookup finds the
 * callers in `directory`, settings answer for `validToken` only (401 otherwise).
 */
export class FakeConnectorApi implements ConnectorApi {
  settingsAnswer: AgentSettings = SETTINGS;
  /** When set, every call fails as if the network were down. */
  unreachable = false;
  readonly resolved: { number: string; record: { objectType: string; id: string } | null }[] = [];
  readonly lookedUp: string[] = [];
  readonly events: WidgetCallEvent[] = [];
  beacons = 0;
  drained = 0;
  directory: Record<string, LookupResult['matches']> = {};
  contacts: Record<string, NonNullable<Resolution['contact']>> = {};

  constructor(
    readonly token: string,
    private readonly validToken = 'maria-token',
  ) {}

  async settings(): Promise<AgentSettings> {
    if (this.unreachable) throw new Error('The connector cannot be reached.');
    if (this.token !== this.validToken) throw new ConnectorError(401, 'UNAUTHENTICATED', 'Sign in again: the token is not valid.');
    return this.settingsAnswer;
  }

  async resolve(args: { number: string; record: { objectType: string; id: string } | null }): Promise<Resolution> {
    if (this.unreachable) throw new Error('The connector cannot be reached.');
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
    this.statusAsked.push(callId);
    const status = this.logStatus[callId] ?? 'pending';
    return { callId, status, crmId: status === 'delivered' ? `00T${callId.length}` : null };
  }

  async lookup(number: string): Promise<LookupResult> {
    this.lookedUp.push(number);
    return { e164: number, display: number, matches: this.directory[number] ?? [] };
  }

  report(event: WidgetCallEvent): void {
    this.events.push(event);
  }

  async drain(): Promise<void> {
    this.drained += 1;
  }

  flushWithBeacon(): void {
    this.beacons += 1;
  }
}
