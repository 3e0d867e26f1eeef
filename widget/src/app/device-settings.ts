import type { AppModel } from './app-model.js';
import type { DeviceLister } from './app-ports.js';
import { errorText } from './async-tools.js';
import type { SessionStore } from './session-store.js';

/** The device settings: lists the browser's audio devices when opened, applies and remembers a choice. */
export class DeviceSettings {
  constructor(
    private readonly model: AppModel,
    private readonly lister: DeviceLister | null,
    private readonly store: SessionStore,
  ) {}

  async open(): Promise<void> {
    const m = this.model;
    m.settingsOpen = true;
    m.emit();
    if (!this.lister) return;
    try {
      const all = await this.lister.list();
      // Chrome adds "default" and "communications" aliases of real devices; "System default" already stands for them.
      const pick = (kind: string) =>
        all
          .filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'default' && d.deviceId !== 'communications')
          .map((d) => ({ id: d.deviceId, label: d.label }));
      m.devices = { ...m.devices, microphones: pick('audioinput'), speakers: pick('audiooutput'), ...this.store.devices() };
    } catch (error) {
      m.notice = { tone: 'error', text: `Could not list your audio devices: ${errorText(error)}` };
    }
    m.emit();
  }

  close(): void {
    this.model.settingsOpen = false;
    this.model.emit();
  }

  async select(kind: 'microphone' | 'speaker', deviceId: string | null): Promise<void> {
    const m = this.model;
    m.devices = { ...m.devices, [kind]: deviceId };
    this.store.keepDevice(kind, deviceId);
    m.emit();
    const phone = m.parts?.phone;
    if (!phone) return;
    try {
      await (kind === 'microphone' ? phone.selectMicrophone(deviceId) : phone.selectSpeaker(deviceId));
    } catch (error) {
      m.tell('error', `Could not switch the ${kind}: ${errorText(error)}`);
    }
  }
}
