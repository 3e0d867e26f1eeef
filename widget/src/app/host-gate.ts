import type { HostBridge, HostCallEvent, HostHandlers } from '../hosts/host-bridge.js';
import { errorText } from './async-tools.js';

/**
 * The host bridge, spoken to only once it started. A host that failed to start (Open CTI not reachable) is left
 * alone afterwards: the panel still places calls, the CRM just does not hear of them.
 */
export class HostGate {
  private ready: Promise<boolean> = Promise.resolve(false);

  constructor(
    readonly bridge: HostBridge,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts the bridge; resolves to the error message when it failed, null when it runs. */
  start(handlers: HostHandlers): Promise<string | null> {
    const started = this.bridge.start(handlers).then(
      () => null,
      (error: unknown) => errorText(error),
    );
    this.ready = started.then((problem) => problem === null);
    return started;
  }

  notify(event: HostCallEvent): void {
    this.when(() => this.bridge.notify(event));
  }

  showPanel(): void {
    this.when(() => this.bridge.showPanel());
  }

  /** Resolves once the host heard it (or was never there), so sign-in completes in order. */
  async signedIn(): Promise<void> {
    if (await this.ready) this.safely(() => this.bridge.signedIn());
  }

  async signedOut(): Promise<void> {
    if (await this.ready) this.safely(() => this.bridge.signedOut());
  }

  stop(): void {
    this.safely(() => this.bridge.stop());
  }

  private when(run: () => void): void {
    void this.ready.then((ok) => ok && this.safely(run));
  }

  private safely(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.log(`host ${this.bridge.name}: ${errorText(error)}`);
    }
  }
}
