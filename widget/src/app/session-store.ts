import type { KeyValueStore } from './app-ports.js';

/**
 * What the widget keeps across page loads: the agent's token and its chosen audio devices. Storage can throw (private
 * mode, a full quota, a sandboxed frame); the widget then simply forgets, it never fails over it.
 */
export class SessionStore {
  constructor(
    private readonly storage: KeyValueStore | null,
    private readonly prefix: string,
  ) {}

  token(): string | null {
    return this.get('token');
  }

  keepToken(token: string): void {
    this.set('token', token);
  }

  forgetToken(): void {
    this.set('token', null);
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
