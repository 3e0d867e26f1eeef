import type { DialRequest, HostBridge, HostCallEvent, HostHandlers, HostRecord } from '../host-bridge.js';
import type { HostLog } from '../host-log.js';
import type { ClickToCallApi, ClickToCallEvents, PageRecord } from './click-to-call-api.js';
import { linkNumber, linkRecord } from './page-link.js';

export interface PageBridgeOptions {
  readonly window: Window;
  /** The page whose links dial; `window.document` by default. */
  readonly document?: Document;
  readonly log?: HostLog;
  /** Name of the page API on `window`; default `ClickToCall`. */
  readonly globalName?: string;
}

/** The DOM event name of call events on `window`. */
export const CALL_EVENT = 'clicktocall:call';

/**
 * The widget on any web page, mounted by one `<script>` tag. Every `tel:` and `sip:` link of the page dials through
 * it: a plain left click (no modifier key, so ctrl/cmd-click still opens the link elsewhere) is taken over in the
 * capture phase, before the page's own handlers, and the record comes from the nearest `data-crm-record-id` /
 * `data-crm-object-type` / `data-crm-record-name` attributes. `window.ClickToCall` lets the page dial, hang up and
 * follow calls.
 */
export class PageBridge implements HostBridge {
  readonly name = 'page';
  private readonly window: Window;
  private readonly document: Document;
  private readonly log: HostLog;
  private readonly globalName: string;
  private readonly listeners = new Set<ClickToCallEvents['call']>();
  private handlers: HostHandlers | null = null;
  private api: ClickToCallApi | null = null;

  constructor(options: PageBridgeOptions) {
    this.window = options.window;
    this.document = options.document ?? options.window.document;
    this.log = options.log ?? console;
    this.globalName = options.globalName ?? 'ClickToCall';
  }

  async start(handlers: HostHandlers): Promise<void> {
    if (this.handlers !== null) throw new Error('The page bridge is already started.');
    this.handlers = handlers;
    this.document.addEventListener('click', this.onClick, true);
    this.api = this.pageApi();
    const slots = this.window as unknown as Record<string, unknown>;
    if (slots[this.globalName] !== undefined) this.log.warn(`window.${this.globalName} was already set; the softphone replaces it.`);
    slots[this.globalName] = this.api;
  }

  /** A page has no sign-in state to show: the widget shows it. */
  signedIn(): void {}

  signedOut(): void {}

  notify(event: HostCallEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log.error(`A page listener of ${this.globalName} call events failed: ${reason(error)}`);
      }
    }
    try {
      // The CustomEvent of the page's own realm, so the page reads `detail` like any of its events.
      const PageCustomEvent = (this.window as Window & typeof globalThis).CustomEvent;
      this.window.dispatchEvent(new PageCustomEvent(CALL_EVENT, { detail: event }));
    } catch (error) {
      this.log.error(`A page listener of ${CALL_EVENT} failed: ${reason(error)}`);
    }
  }

  /** The widget is always on the page; there is no panel to open. */
  showPanel(): void {}

  stop(): void {
    this.document.removeEventListener('click', this.onClick, true);
    const slots = this.window as unknown as Record<string, unknown>;
    if (this.api !== null && slots[this.globalName] === this.api) delete slots[this.globalName];
    this.api = null;
    this.handlers = null;
    this.listeners.clear();
  }

  private readonly onClick = (event: MouseEvent): void => {
    // A page script that cancelled the click before us (a window capture listener) keeps it.
    if (this.handlers === null || event.defaultPrevented) return;
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const target = event.target as Partial<Element> | null;
    if (target === null || typeof target.closest !== 'function') return;
    const link = target.closest('a[href]');
    const number = link === null ? null : linkNumber(link.getAttribute('href') ?? '');
    if (link === null || number === null) return;
    event.preventDefault();
    this.dial({ number, record: linkRecord(link) });
  };

  private dial(request: DialRequest): void {
    try {
      this.handlers?.dial(request);
    } catch (error) {
      this.log.error(`Dialling ${request.number} failed: ${reason(error)}`);
    }
  }

  private pageApi(): ClickToCallApi {
    const name = this.globalName;
    return Object.freeze({
      dial: (number: string, record?: PageRecord | null): void => {
        if (typeof number !== 'string' || number.trim() === '') {
          throw new TypeError(`${name}.dial needs the number to call as text, e.g. ${name}.dial("+14155552671").`);
        }
        this.dial({ number: number.trim(), record: pageRecord(name, record) });
      },
      hangup: (): void => {
        try {
          this.handlers?.hangup();
        } catch (error) {
          this.log.error(`Hanging up failed: ${reason(error)}`);
        }
      },
      on: <E extends keyof ClickToCallEvents>(event: E, listener: ClickToCallEvents[E]): (() => void) => {
        if (event !== 'call' || typeof listener !== 'function') {
          throw new TypeError(`${name}.on takes "call" and a function, e.g. ${name}.on("call", (event) => ...).`);
        }
        this.listeners.add(listener);
        return () => void this.listeners.delete(listener);
      },
    });
  }
}

function pageRecord(name: string, record: PageRecord | null | undefined): HostRecord | null {
  if (record === undefined || record === null) return null;
  const { objectType, id } = record;
  if (typeof objectType !== 'string' || objectType.trim() === '' || typeof id !== 'string' || id.trim() === '') {
    throw new TypeError(`${name}.dial takes a record as { objectType: "Contact", id: "CON-0001", name: "Ada Lovelace" }.`);
  }
  const recordName = typeof record.name === 'string' && record.name.trim() !== '' ? record.name.trim() : null;
  return { objectType: objectType.trim(), id: id.trim(), name: recordName };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
