import type { DialRequest, HostBridge, HostCallEvent, HostHandlers } from '../../../../widget/src/hosts/host-bridge.js';

/** A host that records what the widget told it and lets the test click a number in it. */
export class FakeHostBridge implements HostBridge {
  readonly name = 'page' as const;
  readonly events: HostCallEvent[] = [];
  readonly said: string[] = [];
  handlers: HostHandlers | null = null;
  /** When set, `start` rejects with it, like Open CTI that cannot be loaded. */
  startFailure: string | null = null;

  async start(handlers: HostHandlers): Promise<void> {
    if (this.startFailure) throw new Error(this.startFailure);
    this.handlers = handlers;
    this.said.push('start');
  }

  signedIn(): void {
    this.said.push('signedIn');
  }

  signedOut(): void {
    this.said.push('signedOut');
  }

  notify(event: HostCallEvent): void {
    this.events.push(event);
    this.said.push(event.type);
  }

  showPanel(): void {
    this.said.push('showPanel');
  }

  stop(): void {
    this.said.push('stop');
  }

  /** The agent clicks a number in the CRM. */
  click(request: DialRequest): void {
    if (!this.handlers) throw new Error('the widget never started the host');
    this.handlers.dial(request);
  }
}
