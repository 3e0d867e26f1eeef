import { createFloatingPanel } from '../ui/floating-panel.js';
import { registrationText } from '../ui/status-bar.js';
import { chooseScreen } from '../ui/choose-screen.js';
import { createWidgetView, type WidgetView } from '../ui/widget-view.js';
import type { WidgetState } from '../ui/widget-state.js';
import { ROOT_CLASS } from '../ui/widget-styles.js';
import type { DeviceLister, KeyValueStore, WidgetAppDeps } from './app-ports.js';
import { WidgetApp } from './widget-app.js';

export interface StartWidgetOptions
  extends Pick<WidgetAppDeps, 'host' | 'auth' | 'signInWithCrm' | 'createConnector' | 'createPhone' | 'createCallLog' | 'timers' | 'now' | 'log'> {
  readonly doc: Document;
  /**
   * `page`: the widget is the whole page (`/widget/`, which Salesforce's call center and HubSpot's calling settings
   * open); it fills `mount`. `embed`: one script tag on someone else's page; a floating panel at the bottom right.
   */
  readonly mode: 'page' | 'embed';
  readonly mount?: HTMLElement;
  /** Scopes what is kept in storage, so sessions of two connectors used from one site stay apart. */
  readonly connectorBase: string;
}

export interface RunningWidget {
  readonly app: WidgetApp;
  readonly view: WidgetView;
  stop(): Promise<void>;
}

/**
 * Puts the widget on a page: the app with its parts, the view in its place, the page's lifecycle (beacon on hide,
 * a warning before a reload would cut a call), and, embedded, the floating panel that opens when a call needs the
 * agent. Resolves once the app started (signed in with a kept session, or showing sign-in).
 */
export async function startWidget(options: StartWidgetOptions): Promise<RunningWidget> {
  const { doc } = options;
  const win = doc.defaultView ?? window;
  const floating = options.mode === 'embed' ? createFloatingPanel(doc) : null;
  const container = floating?.content ?? options.mount ?? doc.body;
  if (!floating) container.classList.add(ROOT_CLASS, 'c2c-full');
  const app = new WidgetApp({
    host: options.host,
    auth: options.auth,
    signInWithCrm: options.signInWithCrm,
    createConnector: options.createConnector,
    createPhone: options.createPhone,
    createCallLog: options.createCallLog,
    storage: browserStorage(win),
    storagePrefix: storagePrefixFor(options.connectorBase),
    onPageHidden: (listener) => onPageHidden(win, doc, listener),
    devices: deviceLister(win),
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const view = createWidgetView(container, app.actions, {
    focusIncoming: floating ? 'inside' : 'always',
    onAttention: () => floating?.expand(),
  });
  if (floating) floating.onOpenedByAgent = () => view.focus();
  const unsubscribe = app.subscribe((state) => {
    view.render(state);
    floating?.setLauncherLabel(launcherLabel(state));
  });
  const guard = (event: BeforeUnloadEvent) => {
    if (!app.hasLiveCalls()) return;
    event.preventDefault();
    event.returnValue = '';
  };
  win.addEventListener('beforeunload', guard);
  await app.start();
  return {
    app,
    view,
    async stop() {
      win.removeEventListener('beforeunload', guard);
      unsubscribe();
      await app.stop();
      view.destroy();
      floating?.destroy();
    },
  };
}

/** The prefix of everything the widget keeps in storage for one connector (the connector client's queue too). */
export function storagePrefixFor(connectorBase: string): string {
  return `clicktocall:${connectorBase}`;
}

/** What the collapsed launcher says: a ringing call first, else the registration state. */
function launcherLabel(state: WidgetState): string {
  if (chooseScreen(state) === 'incoming') return 'Phone · Incoming call';
  if (state.calls.length > 0) return 'Phone · In a call';
  return `Phone · ${registrationText(state)}`;
}

/** `localStorage`, or null where touching it throws (blocked third-party storage, sandboxed frames). */
function browserStorage(win: Window): KeyValueStore | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}

function onPageHidden(win: Window, doc: Document, listener: () => void): () => void {
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden') listener();
  };
  win.addEventListener('pagehide', listener);
  doc.addEventListener('visibilitychange', onVisibility);
  return () => {
    win.removeEventListener('pagehide', listener);
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}

function deviceLister(win: Window): DeviceLister | null {
  const media = win.navigator.mediaDevices;
  if (!media?.enumerateDevices) return null;
  return {
    list: () => media.enumerateDevices(),
    canChooseSpeaker: typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype,
  };
}
