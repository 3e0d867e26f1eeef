import { Registerer, RegistererState, UserAgentState, type UserAgent } from 'sip.js';
import type { PhoneProblem } from './phone-problem.js';
import { problems } from './phone-problems.js';
import { reconnectDelay } from './reconnect-delay.js';
import type { RegistrationState } from './registration-state.js';

const ALLOWED: Record<RegistrationState, readonly RegistrationState[]> = {
  unregistered: ['connecting'],
  connecting: ['registered', 'reconnecting', 'failed', 'unregistered'],
  registered: ['reconnecting', 'connecting', 'unregistered'],
  reconnecting: ['connecting', 'unregistered'],
  failed: ['unregistered'],
};

/** A REGISTER with no final answer after this long is treated as a lost server (RFC 3261 timer F is 32 s). */
const REGISTER_ANSWER_TIMEOUT_MS = 8000;

export interface RegistrationKeeperOptions {
  readonly ua: UserAgent;
  readonly server: string;
  readonly expiresS: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  /** Subscribes to the browser's `online` event; returns the unsubscribe. */
  readonly onOnline: (listener: () => void) => () => void;
  readonly onChange: (state: RegistrationState, problem: PhoneProblem | null) => void;
  /** Called when registration came back after a loss, so calls in progress can recover their media. */
  readonly onRecovered: () => void;
  readonly log: (message: string) => void;
  readonly random?: () => number;
}

/**
 * Keeps one SIP account registered: connects the transport, registers, lets sip.js refresh, and after any loss
 * (transport closed, refresh refused, server restarted) reconnects with backoff, or at once when the browser comes
 * back online. A 401/403 is final: retrying a refused password would only get the account locked.
 */
export class RegistrationKeeper {
  private current: RegistrationState = 'unregistered';
  private currentProblem: PhoneProblem | null = null;
  private readonly registerer: Registerer;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopOnline: (() => void) | undefined;
  private wasRegistered = false;
  private generation = 0;
  private staleTransport = false;

  constructor(private readonly options: RegistrationKeeperOptions) {
    this.registerer = new Registerer(options.ua, { expires: options.expiresS });
    this.registerer.stateChange.addListener((state) => this.onRegistererState(state));
  }

  get state(): RegistrationState {
    return this.current;
  }

  get problem(): PhoneProblem | null {
    return this.currentProblem;
  }

  /** Resolves once the first attempt settled: registered, refused, or retrying with `problem` set. */
  async start(): Promise<void> {
    if (this.current !== 'unregistered') return;
    this.stopOnline = this.options.onOnline(() => this.onOnline());
    this.transition('connecting', null);
    await this.attempt(this.generation);
  }

  /**
   * The account's credentials changed (time-limited ones renewed). sip.js keeps the last `Authorization` header on its
   * REGISTER and sends it again at every refresh; a server answers that 403 once those credentials are no longer good,
   * without a new challenge. Dropped, the next REGISTER is challenged afresh and answered with the new credentials.
   * A registration refused before is tried again at once.
   */
  credentialsChanged(): void {
    const request = (this.registerer as unknown as { request?: { setHeader(name: string, value: string[]): void } }).request;
    request?.setHeader('authorization', []);
    request?.setHeader('proxy-authorization', []);
    if (this.current === 'failed') void this.stop().then(() => this.start());
  }

  async stop(): Promise<void> {
    this.generation++;
    clearTimeout(this.retryTimer);
    this.stopOnline?.();
    this.stopOnline = undefined;
    if (this.current === 'unregistered') return;
    if (this.registerer.state === RegistererState.Registered && this.options.ua.isConnected()) {
      await this.registerer.unregister().catch(() => undefined);
    }
    this.transition('unregistered', null);
  }

  /** The transport closed under us (not by `stop`). */
  onDisconnect(): void {
    if (this.current === 'registered' || this.current === 'connecting') {
      this.transition('reconnecting', problems.serverUnreachable(this.options.server));
      this.scheduleRetry();
    }
  }

  private async attempt(generation: number): Promise<void> {
    const { ua } = this.options;
    try {
      if (this.staleTransport && ua.isConnected()) {
        this.staleTransport = false;
        await ua.reconnect();
      } else if (!ua.isConnected()) {
        await (ua.state === UserAgentState.Started ? ua.reconnect() : ua.start());
      }
    } catch (error) {
      if (generation !== this.generation) return;
      this.options.log(`transport connect failed: ${error instanceof Error ? error.message : String(error)}`);
      this.transition('reconnecting', problems.serverUnreachable(this.options.server));
      this.scheduleRetry();
      return;
    }
    if (generation !== this.generation) return;
    const outcome = await this.register();
    if (generation !== this.generation) return;
    if (outcome.ok) {
      const recovered = this.wasRegistered;
      this.attempts = 0;
      this.wasRegistered = true;
      this.transition('registered', null);
      if (recovered) this.options.onRecovered();
    } else if (outcome.status === 401 || outcome.status === 403 || outcome.status === 407) {
      this.transition('failed', problems.registrationRefused(outcome.status));
    } else {
      this.options.log(`REGISTER failed: ${outcome.status ?? 'no answer'}`);
      // No answer on an open socket usually means a half-dead connection (NAT timeout, laptop sleep): start afresh.
      if (outcome.status === null || outcome.status === 408) this.staleTransport = true;
      this.transition('reconnecting', problems.serverUnreachable(this.options.server));
      this.scheduleRetry();
    }
  }

  private register(): Promise<{ ok: true } | { ok: false; status: number | null }> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, status: null }), REGISTER_ANSWER_TIMEOUT_MS);
      const settle = (result: { ok: true } | { ok: false; status: number | null }) => {
        clearTimeout(timer);
        resolve(result);
      };
      this.registerer
        .register({
          requestDelegate: {
            onAccept: () => settle({ ok: true }),
            onReject: (response) => settle({ ok: false, status: response.message.statusCode ?? null }),
          },
        })
        .catch((error: unknown) => {
          this.options.log(`REGISTER not sent: ${error instanceof Error ? error.message : String(error)}`);
          settle({ ok: false, status: null });
        });
    });
  }

  private onRegistererState(state: RegistererState): void {
    // sip.js refreshes by itself; a refresh it could not complete leaves the registerer unregistered under us.
    if (state === RegistererState.Unregistered && this.current === 'registered') {
      this.transition('reconnecting', problems.serverUnreachable(this.options.server));
      this.scheduleRetry();
    }
  }

  private onOnline(): void {
    if (this.current === 'reconnecting') {
      this.attempts = 0;
      clearTimeout(this.retryTimer);
      this.transition('connecting', this.currentProblem);
      void this.attempt(this.generation);
    } else if (this.current === 'registered') {
      // The network changed under a live registration: the old socket may be dead without having closed yet.
      this.transition('connecting', null);
      const generation = this.generation;
      void this.options.ua.reconnect().then(
        () => this.attempt(generation),
        () => this.attempt(generation),
      );
    }
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const delay = reconnectDelay(this.attempts++, this.options.reconnectBaseMs, this.options.reconnectMaxMs, this.options.random);
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      if (generation !== this.generation || this.current !== 'reconnecting') return;
      this.transition('connecting', this.currentProblem);
      void this.attempt(generation);
    }, delay);
  }

  private transition(next: RegistrationState, problem: PhoneProblem | null): void {
    if (next === this.current && problem?.code === this.currentProblem?.code) return;
    if (next !== this.current && !ALLOWED[this.current].includes(next)) {
      this.options.log(`ignored registration transition ${this.current} -> ${next}`);
      return;
    }
    this.current = next;
    this.currentProblem = problem;
    this.options.onChange(next, problem);
  }
}
