import type { WidgetAppDeps } from '../../../../widget/src/app/app-ports.js';
import { WidgetApp } from '../../../../widget/src/app/widget-app.js';
import type { SipAccount } from '../../../../widget/src/phone/sip-account.js';
import { FakeCallLog } from './fake-call-log.js';
import { MemoryStorage } from '../../support/memory-storage.js';
import { FakeConnectorApi } from './fake-connector-api.js';
import { FakeHostBridge } from './fake-host-bridge.js';
import { FakeSoftPhone } from './fake-soft-phone.js';

export const MARIA = { objectType: 'Contact', id: 'CON-0001', name: 'Maria Gonzalez' };

/** A rig started and signed in as Maria, registered. */
export async function signedIn(rig = new WidgetRig()): Promise<WidgetRig> {
  await rig.app.start();
  rig.app.actions.signIn('maria-token');
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (rig.app.state.session !== 'ready') throw new Error(`sign-in ended ${rig.app.state.session}: ${rig.app.state.sessionMessage}`);
  return rig;
}


/** The app wired to fakes, with handles on each: what a test (in Node or in Chromium) drives and reads. */
export class WidgetRig {
  readonly host = new FakeHostBridge();
  readonly phone = new FakeSoftPhone();
  readonly callLog = new FakeCallLog();
  readonly storage = new MemoryStorage();
  readonly accounts: SipAccount[] = [];
  readonly connectors: FakeConnectorApi[] = [];
  readonly hideListeners = new Set<() => void>();
  /** Applied to each connector the app creates (a directory of callers, an outage). */
  configure: (connector: FakeConnectorApi) => void = () => {};
  /** The fakes as the app takes them; the browser harness hands the same factories to `startWidget`. */
  readonly deps: WidgetAppDeps;
  readonly app: WidgetApp;

  constructor(overrides: Partial<WidgetAppDeps> = {}) {
    this.deps = {
      host: this.host,
      createConnector: (token) => {
        const connector = new FakeConnectorApi(token);
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

  pageHidden(): void {
    for (const l of this.hideListeners) l();
  }
}
