import { CallReporter } from './call-reporter.js';
import { startWidget, storagePrefixFor, type RunningWidget } from './start-widget.js';
import { signInWithPopup } from '../auth/popup-sign-in.js';
import { createBrowserConnector } from '../connector/browser-connector.js';
import { HttpAuthApi } from '../connector/http-auth-api.js';
import { chooseHost, readHostPlace } from '../hosts/choose-host.js';
import type { HostBridge } from '../hosts/host-bridge.js';
import { HubSpotBridge } from '../hosts/hubspot/hubspot-bridge.js';
import { PageBridge } from '../hosts/page/page-bridge.js';
import { SalesforceOpenCtiBridge } from '../hosts/salesforce/salesforce-opencti-bridge.js';
import type { SipAccount } from '../phone/sip-account.js';
import type { SoftPhone } from '../phone/soft-phone.js';

/** Diagnostics on the console as warnings: never an error a host page's monitoring would count as its own. */
export function widgetLog(message: string): void {
  console.warn(`[click-to-call] ${message}`);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}

function createHost(mode: 'page' | 'embed'): HostBridge {
  if (mode === 'embed') return new PageBridge({ window });
  // Loopback hosts are accepted only when the widget itself runs on loopback: a developer's own machine.
  const loopback = isLoopback(location.hostname);
  switch (chooseHost(readHostPlace(window))) {
    case 'salesforce-opencti':
      return new SalesforceOpenCtiBridge({ url: location.href, allowLoopback: loopback });
    case 'hubspot':
      // The connector logs every call to HubSpot itself, durably and keyed by the SIP Call-ID; an engagement created
      // by HubSpot as well would show each call twice on the timeline.
      return new HubSpotBridge({ allowLoopback: loopback, createEngagement: false });
    case 'page':
      return new PageBridge({ window });
  }
}

/**
 * Starts the widget on this page with its real parts (connector client, call reporter, host bridge) and the given
 * phone. The mode follows the page: one holding a `[data-click-to-call]` element is the widget's own page and the
 * widget fills it; any other page gets the floating panel. The connector is where the script came from
 * (`https://cti.example.com/widget/softphone.js` -> `https://cti.example.com`, under a path prefix if any).
 */
export function boot(scriptUrl: string, createPhone: (account: SipAccount) => SoftPhone): Promise<RunningWidget> {
  const connectorBase = new URL('../', scriptUrl).href.replace(/\/$/, '');
  const mount = document.querySelector<HTMLElement>('[data-click-to-call]');
  const mode = mount ? 'page' : 'embed';
  return startWidget({
    doc: document,
    mode,
    ...(mount ? { mount } : {}),
    connectorBase,
    host: createHost(mode),
    auth: new HttpAuthApi({ baseUrl: connectorBase }),
    signInWithCrm: (crm) => signInWithPopup({ crm, connectorBase, opener: window }),
    createConnector: ({ agentId, token, onAuthRefused }) =>
      createBrowserConnector({ baseUrl: connectorBase, agentId, token, onAuthRefused, storagePrefix: storagePrefixFor(connectorBase), log: widgetLog }),
    createPhone,
    createCallLog: ({ connector, phone, settings }) => new CallReporter({ phone, connector, heartbeatIntervalS: settings.heartbeatIntervalS }),
    log: widgetLog,
  });
}

/**
 * Runs `boot` once per page, after the document is parsed, whichever way the script was included (in `<head>`,
 * at the end of `<body>`, `defer`, `async`, twice by mistake).
 */
export function bootOnce(createPhone: (account: SipAccount) => SoftPhone): void {
  const key = Symbol.for('click-to-call.widget');
  const slots = window as unknown as Record<symbol, boolean>;
  if (slots[key]) return;
  slots[key] = true;
  // Read now: `currentScript` is only set while this script runs.
  const scriptUrl = (document.currentScript as HTMLScriptElement | null)?.src || location.href;
  const start = () =>
    void boot(scriptUrl, createPhone).catch((error: unknown) =>
      widgetLog(`the softphone did not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}
