import type { ConnectorApi, PresenceReport, WidgetHostName } from '../connector/connector-api.js';
import type { Timers } from '../connector/connector-ports.js';
import type { RegistrationState } from '../phone/registration-state.js';
import type { SoftPhone } from '../phone/soft-phone.js';
import { errorText } from './async-tools.js';

/**
 * Seconds between presence reports. The connector counts a widget as present for 75 s after its last report
 * (`PRESENCE_TTL_MS`), so two reports may be lost before an admin sees the agent as gone.
 */
export const PRESENCE_INTERVAL_MS = 30_000;

/**
 * Tells the connector, for the admin pages, whether this widget's phone is registered right now: at once when it
 * starts following a phone, on every registration change, and every {@link PRESENCE_INTERVAL_MS} while it follows
 * one. A report that fails is only logged: presence is a display, and the next report replaces it.
 */
export class PresenceReporter {
  private following: { connector: ConnectorApi; phone: SoftPhone; off: () => void } | null = null;
  private timer: unknown = null;

  constructor(
    private readonly deps: {
      /** Random per widget instance, so two tabs of one agent show as two widgets. */
      readonly widgetId: string;
      readonly host: WidgetHostName;
      readonly timers: Timers;
      readonly log: (message: string) => void;
      readonly intervalMs?: number;
    },
  ) {}

  /** Follows `phone`, reporting through `connector`; replaces whatever it followed before. */
  start(connector: ConnectorApi, phone: SoftPhone): void {
    this.stop();
    const off = phone.on('registration', () => this.report());
    this.following = { connector, phone, off };
    this.report();
  }

  /**
   * Stops reporting. With `goodbye`, the connector hears one last `unregistered` report first (signing out, the page
   * going away), so the admin pages do not show the widget registered for the next minute.
   */
  stop(goodbye = false): void {
    const was = this.following;
    if (!was) return;
    was.off();
    this.following = null;
    this.clearTimer();
    if (goodbye) this.send(was.connector, 'unregistered');
  }

  private report(): void {
    const now = this.following;
    if (!now) return;
    this.clearTimer();
    this.send(now.connector, presenceOf(now.phone.registration));
    this.timer = this.deps.timers.setTimeout(() => this.report(), this.deps.intervalMs ?? PRESENCE_INTERVAL_MS);
  }

  private send(connector: ConnectorApi, registration: PresenceReport['registration']): void {
    const report: PresenceReport = { widgetId: this.deps.widgetId, registration, host: this.deps.host };
    connector.reportPresence(report).catch((error: unknown) => this.deps.log(`presence not reported: ${errorText(error)}`));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}

/** A phone reconnecting is, for an admin, not registered yet: it is trying. */
function presenceOf(state: RegistrationState): PresenceReport['registration'] {
  return state === 'reconnecting' ? 'connecting' : state;
}

/** A widget id: 16 random URL-safe characters. */
export function newWidgetId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from(random(new Uint8Array(16)), (byte) => alphabet[byte & 63]).join('');
}
