import type { DialRequest, HostBridge, HostCallEvent, HostHandlers } from '../host-bridge.js';
import type { HostLog } from '../host-log.js';
import { OPEN_CTI_API_VERSION, openCtiScriptUrl, scriptOpenCtiLoader, type OpenCtiLoader } from './load-open-cti.js';
import type { ClickToDialPayload, OpenCti, OpenCtiMethod, OpenCtiResponse } from './open-cti.js';
import { salesforceOrigin } from './salesforce-origin.js';

export interface SalesforceOpenCtiBridgeOptions {
  /** The softphone frame's address (`location.href`), where Salesforce put `sfdcIframeOrigin`. */
  readonly url: string;
  /** How to load `opencti_min.js`; a `<script>` element in this window by default. */
  readonly loadOpenCti?: OpenCtiLoader;
  readonly log?: HostLog;
  /** Accept an http(s) loopback origin too: tests and local demos only, never in a Salesforce deployment. */
  readonly allowLoopback?: boolean;
  readonly apiVersion?: string;
  /** Longest wait for Salesforce to answer one Open CTI call; default 10 s. */
  readonly answerTimeoutMs?: number;
}

type ArgsOf<M extends OpenCtiMethod> = Omit<Parameters<OpenCti[M]>[0], 'callback'>;

/**
 * The softphone inside Salesforce Lightning's utility bar, through Open CTI: click-to-dial on every phone field,
 * the panel opened for incoming calls, the caller's record popped (the connector's single match, or Salesforce's
 * own search by number otherwise), and the record view refreshed once the call's Task is saved.
 *
 * Open CTI answers through callbacks. A refusal (`success: false`) or silence after a call has started is logged
 * and never breaks the call; only `start` fails, with a message an admin can act on.
 */
export class SalesforceOpenCtiBridge implements HostBridge {
  readonly name = 'salesforce-opencti';
  private readonly log: HostLog;
  private readonly timeoutMs: number;
  private api: OpenCti | null = null;
  private handlers: HostHandlers | null = null;
  private clickToDial = false;
  private stopped = false;

  constructor(private readonly options: SalesforceOpenCtiBridgeOptions) {
    this.log = options.log ?? console;
    this.timeoutMs = options.answerTimeoutMs ?? 10_000;
  }

  async start(handlers: HostHandlers): Promise<void> {
    const origin = salesforceOrigin(this.options.url, this.options.allowLoopback ?? false);
    if (origin instanceof Error) throw origin;
    const src = openCtiScriptUrl(origin, this.options.apiVersion ?? OPEN_CTI_API_VERSION);
    const load = this.options.loadOpenCti ?? scriptOpenCtiLoader(window);
    try {
      this.api = await load(src);
    } catch (error) {
      throw new Error(
        `Could not load Salesforce Open CTI from ${src} (${reason(error)}). Check that the network reaches ` +
          'Salesforce and that the call center is set to Lightning.',
      );
    }
    this.handlers = handlers;
    this.api.onClickToDial({ listener: (payload) => this.clicked(payload) });
    this.clickToDial = true;
    const answer = await this.ask('enableClickToDial', {});
    if (!answer.success) {
      this.clickToDial = false;
      this.handlers = null;
      throw new Error(`Salesforce did not enable click-to-dial: ${describeErrors(answer)}. Reload the page to retry.`);
    }
  }

  signedIn(): void {
    if (this.api === null || this.stopped || this.clickToDial) return;
    this.clickToDial = true;
    void this.ask('enableClickToDial', {}).then((answer) => {
      if (!answer.success) this.clickToDial = false;
    });
  }

  signedOut(): void {
    this.disableClickToDial();
  }

  notify(event: HostCallEvent): void {
    if (this.api === null || this.stopped) return;
    try {
      if (event.type === 'incoming') {
        this.showPanel();
        this.popCaller(this.api, event.call.remote.user, event.matches);
      } else if (event.type === 'logged') {
        void this.ask('refreshView', {});
      }
    } catch (error) {
      this.log.error(`Open CTI: could not handle the ${event.type} event: ${reason(error)}`);
    }
  }

  showPanel(): void {
    if (this.api === null || this.stopped) return;
    void this.ask('setSoftphonePanelVisibility', { visible: true });
  }

  stop(): void {
    this.disableClickToDial();
    this.stopped = true;
    this.handlers = null;
  }

  private clicked(payload: ClickToDialPayload): void {
    const handlers = this.handlers;
    if (handlers === null || this.stopped) return;
    const number = String(payload.number ?? '').trim();
    if (number === '') {
      this.log.warn('Open CTI: a click-to-dial came without a number; nothing dialled.');
      return;
    }
    const request: DialRequest = {
      number,
      record:
        payload.recordId && payload.objectType
          ? { objectType: payload.objectType, id: payload.recordId, name: payload.recordName ?? null }
          : null,
    };
    try {
      handlers.dial(request);
    } catch (error) {
      this.log.error(`Open CTI: dialling a clicked number failed: ${reason(error)}`);
    }
  }

  /** One match is the caller: open it. Several or none: let Salesforce search the number (softphone layout rules). */
  private popCaller(api: OpenCti, number: string, matches: readonly { readonly id: string }[]): void {
    const [only] = matches;
    if (matches.length === 1 && only !== undefined) {
      void this.ask('screenPop', { type: api.SCREENPOP_TYPE.SOBJECT, params: { recordId: only.id } });
    } else if (number !== '') {
      void this.ask('searchAndScreenPop', {
        searchParams: number,
        queryParams: '',
        callType: api.CALL_TYPE.INBOUND,
        deferred: false,
      });
    }
  }

  private disableClickToDial(): void {
    if (this.api === null || this.stopped || !this.clickToDial) return;
    this.clickToDial = false;
    void this.ask('disableClickToDial', {});
  }

  /** Calls one Open CTI method and resolves with its answer; never rejects: a refusal, throw or silence is logged. */
  private ask<M extends OpenCtiMethod>(method: M, args: ArgsOf<M>): Promise<OpenCtiResponse> {
    const api = this.api;
    return new Promise<OpenCtiResponse>((resolve) => {
      const settle = (answer: OpenCtiResponse): void => {
        clearTimeout(timer);
        if (!answer.success) this.log.warn(`Open CTI: ${method} failed: ${describeErrors(answer)}`);
        resolve(answer);
      };
      const fail = (message: string): void => settle({ success: false, returnValue: null, errors: [message] });
      const timer = setTimeout(() => fail(`Salesforce did not answer within ${this.timeoutMs} ms`), this.timeoutMs);
      try {
        const fn = api?.[method] as ((this: OpenCti, args: object) => void) | undefined;
        if (api === null || typeof fn !== 'function') return fail('this Open CTI version has no such method');
        fn.call(api, { ...args, callback: settle });
      } catch (error) {
        fail(reason(error));
      }
    });
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Open CTI errors are strings or `{description}`/`{message}` objects, depending on the method. */
function describeErrors(answer: OpenCtiResponse): string {
  const parts = (answer.errors ?? []).map((error) => {
    if (typeof error === 'string') return error;
    if (error !== null && typeof error === 'object') {
      const { description, message } = error as { description?: unknown; message?: unknown };
      if (typeof description === 'string') return description;
      if (typeof message === 'string') return message;
    }
    return JSON.stringify(error);
  });
  return parts.length > 0 ? parts.join('; ') : 'no reason given';
}
