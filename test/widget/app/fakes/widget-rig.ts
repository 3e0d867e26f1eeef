import type { WidgetAppDeps } from '../../../../widget/src/app/app-ports.js';
import { WidgetApp } from '../../../../widget/src/app/widget-app.js';
import type { AgentSession, CrmSignIn } from '../../../../widget/src/connector/agent-session.js';
import type { SipAccount } from '../../../../widget/src/phone/sip-account.js';
import { FakeCallLog } from './fake-call-log.js';
import { FakeClock } from '../../support/fake-clock.js';
import { MemoryStorage } from '../../support/memory-storage.js';
import { AGENTS, FakeAuthApi, MARIA_KEY } from './fake-auth-api.js';
import { FakeConnectorApi } from './fake-connector-api.js';
import { FakeHostBridge } from './fake-host-bridge.js';
import { FakeSoftPhone } from './fake-soft-phone.js';

export const MARIA = { objectType: 'Contact', id: 'CON-0001', name: 'Maria Gonzalez' };

/** A rig started and signed in as Maria (with her sign-in key), registered. */
export async function signedIn(rig = new WidgetRig()): Promise<WidgetRig> {
  await rig.app.start();
  rig.app.actions.signInWithKey(MARIA_KEY);
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (rig.app.state.session !== 'ready') throw new Error(`sign-in ended ${rig.app.state.session}: ${rig.app.state.sessionMessage}`);
  return rig;
}

/** A CRM sign-in the widget asked for, which the test finishes as the popup would. */
export interface PendingCrmSignIn {
  readonly crm: CrmSignIn;
  resolve(session: AgentSession): void;
  reject(error: Error): void;
}

/** The app wired to fakes, with handles on each: what a test (in Node or in Chromium) drives and reads. */
export class WidgetRig {
  readonly host = new FakeHostBridge();
  readonly phone = new FakeSoftPhone();
  readonly callLog = new FakeCallLog();
  readonly storage = new MemoryStorage();
  readonly auth = new FakeAuthApi();
  readonly accounts: SipAccount[] = [];
  readonly connectors: FakeConnectorApi[] = [];
  readonly crmSignIns: PendingCrmSignIn[] = [];
  readonly hideListeners = new Set<() => void>();
  /** The presence reports' own time, apart from the session's, so tests of either see only their timers. */
  readonly presenceClock = new FakeClock();
  /** Applied to each connector the app creates (a directory of callers, an outage). */
  configure: (connector: FakeConnectorApi) => void = () => {};
  /** The fakes as the app takes them; the browser harness hands the same factories to `startWidget`. */
  readonly deps: WidgetAppDeps;
  readonly app: WidgetApp;

  constructor(overrides: Partial<WidgetAppDeps> = {}) {
    this.deps = {
      host: this.host,
      auth: this.auth,
      signInWithCrm: (crm) =>
        new Promise<AgentSession>((resolve, reject) => {
          this.crmSignIns.push({ crm, resolve, reject });
        }),
      createConnector: (args) => {
        const connector = new FakeConnectorApi(args, this.auth);
        this.configure(connector);
        this.connectors.push(connector);
        return connector;
      },
      createPhone: (account) => {
        this.accounts.push(account);
        return this.phone;
      },
      createCallLog: () => this.callLog,
      storage: this.storage,
      storagePrefix: 'c2c:test',
      onPageHidden: (listener) => {
        this.hideListeners.add(listener);
        return () => this.hideListeners.delete(listener);
      },
      devices: {
        canChooseSpeaker: true,
        list: async () => [
          { deviceId: 'default', kind: 'audioinput', label: 'Default' },
          { deviceId: 'mic-1', kind: 'audioinput', label: 'Headset microphone' },
          { deviceId: 'spk-1', kind: 'audiooutput', label: 'Headset earphones' },
          { deviceId: 'cam-1', kind: 'videoinput', label: 'Camera' },
        ],
      },
      lookupTimeoutMs: 200,
      sleep: async () => undefined,
      // The session's refresh never comes by itself (nor keeps Node running): tests of it bring a `FakeClock`.
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
      presenceTimers: this.presenceClock.timers,
      ...overrides,
    };
    this.app = new WidgetApp(this.deps);
  }

  /** The connector of the current sign-in. */
  get connector(): FakeConnectorApi {
    const last = this.connectors[this.connectors.length - 1];
    if (!last) throw new Error('the app never created a connector client');
    return last;
  }

  /** The session the widget holds now, as kept in storage. */
  keptSession(): AgentSession | null {
    const text = this.storage.getItem('c2c:test:session');
    return text === null ? null : (JSON.parse(text) as AgentSession);
  }

  /** Finishes the last CRM sign-in as the connector's popup would, for the agent of `key`. */
  finishCrmSignIn(key = MARIA_KEY): AgentSession {
    const pending = this.crmSignIns[this.crmSignIns.length - 1];
    const agent = AGENTS[key];
    if (!pending || !agent) throw new Error('no CRM sign-in is waiting');
    const session = this.auth.issue(agent);
    pending.resolve(session);
    return session;
  }

  pageHidden(): void {
    for (const l of this.hideListeners) l();
  }
}
