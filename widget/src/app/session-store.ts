import { readAgentSession, type AgentSession } from '../connector/agent-session.js';
import type { KeyValueStore } from './app-ports.js';

/**
 * What the widget keeps across page loads: the agent's current session (a short-lived token, never a sign-in key)
 * and its chosen audio devices. Storage can throw (private mode, a full quota, a sandboxed frame); the widget then
 * simply forgets, it never fails over it.
 */
export class SessionStore {
  constructor(
    private readonly storage: KeyValueStore | null,
    private readonly prefix: string,
  ) {}

  /** The kept session, or null when there is none or it cannot be read. Expiry is the caller's to check. */
  session(): AgentSession | null {
    // Earlier versions kept a long-lived agent token here; it must not outlive the upgrade.
    this.set('token', null);
    const text = this.get('session');
    if (text === null) return null;
    try {
      return readAgentSession(JSON.parse(text));
    } catch {
      return null;
    }
  }

  keepSession(session: AgentSession): void {
    this.set('session', JSON.stringify(session));
  }

  forgetSession(): void {
    this.set('session', null);
  }

  devices(): { microphone: string | null; speaker: string | null } {
    return { microphone: this.get('microphone'), speaker: this.get('speaker') };
  }

  keepDevice(kind: 'microphone' | 'speaker', deviceId: string | null): void {
    this.set(kind, deviceId);
  }

  private get(name: string): string | null {
    try {
      return this.storage?.getItem(`${this.prefix}:${name}`) ?? null;
    } catch {
      return null;
    }
  }

  private set(name: string, value: string | null): void {
    try {
      if (value === null) this.storage?.removeItem(`${this.prefix}:${name}`);
      else this.storage?.setItem(`${this.prefix}:${name}`, value);
    } catch {
      // Nothing to do: the value lives until the page closes.
    }
  }
}
