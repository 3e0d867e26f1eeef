/*
 * What Salesforce Lightning serves a softphone, from a loopback origin standing in for `<domain>.lightning.force.com`:
 * - a record page whose utility bar frames the call center's adapter URL with the query Lightning appends
 *   (`?mode=Lightning&isdtp=vw&sfdcIframeOrigin=<Lightning origin>&clc=1&nonce=...`, as reported in
 *   https://github.com/developerforce/open-cti-demo-adapter/issues/36), sized by the call center's
 *   `reqSoftphoneWidth`/`reqSoftphoneHeight` (https://developer.salesforce.com/docs/atlas.en-us.api_cti.meta/api_cti/sforce_api_cti_call_def_file_required.htm);
 * - Open CTI for Lightning at `/support/api/<version>/lightning/opencti_min.js`
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_cti.meta/api_cti/sforce_api_cti_connecting.htm), here the
 *   documented fake of `test/widget/hosts/support/fake-open-cti.ts`, so a test drives clicks and reads the calls.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { OPEN_CTI_API_VERSION } from '../../../widget/src/hosts/salesforce/load-open-cti.js';
import { bundleForBrowser } from '../../widget/hosts/support/bundle-for-browser.js';

/** The utility bar's softphone size: the call center's `reqSoftphoneWidth` x `reqSoftphoneHeight`. */
export const SOFTPHONE_SIZE = { width: 400, height: 550 } as const;

export interface LightningConsoleOptions {
  /**
   * The call center's `reqAdapterUrl`: the softphone page the utility bar frames. A function when the console must
   * exist first (the connector is started with the console's origin in `CRM_ORIGINS`).
   */
  readonly adapterUrl: string | (() => string);
  /**
   * The console's host name: `127.0.0.1` (default), or `localhost` to put the console on another site than a
   * connector on 127.0.0.1, so the softphone frame is a third-party frame as it is under `*.lightning.force.com`.
   */
  readonly host?: '127.0.0.1' | 'localhost';
  /** The only version `opencti_min.js` is served at; by default the one the widget's Salesforce bridge asks for. */
  readonly apiVersion?: string;
}

export interface LightningConsole {
  /** `http://127.0.0.1:<port>` (or `localhost`): the Lightning origin, which the softphone frame gets as `sfdcIframeOrigin`. */
  readonly origin: string;
  /** `<origin>/lightning/r/<objectType>/<id>/view`: a record page with the softphone in its utility bar. */
  recordUrl(objectType: string, id: string): string;
  close(): Promise<void>;
}

const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RECORD_ID = /^(?:[A-Za-z0-9]{15}|[A-Za-z0-9]{18})$/;

/**
 * Serves a Lightning console on a real loopback HTTP server: a loopback page is a secure context (the softphone may
 * use the microphone) and Chromium's local network access lets its frames reach other loopback servers (the
 * connector, the SIP WebSocket). Each record page frames the adapter URL with a fresh `nonce`; in that frame,
 * `window.sforce.opencti` is a `FakeOpenCti`. Anything else is a 404.
 */
export async function startLightningConsole(options: LightningConsoleOptions): Promise<LightningConsole> {
  const openCtiPath = `/support/api/${options.apiVersion ?? OPEN_CTI_API_VERSION}/lightning/opencti_min.js`;
  const openCti = await bundleForBrowser(fileURLToPath(new URL('../../widget/hosts/support/fake-open-cti-script.ts', import.meta.url)));
  let origin = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://lightning').pathname;
    if (path === openCtiPath) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(openCti);
      return;
    }
    const record = /^\/lightning\/r\/([^/]+)\/([^/]+)\/view$/.exec(path);
    const [, objectType = '', id = ''] = record ?? [];
    if (record === null || !OBJECT_NAME.test(objectType) || !RECORD_ID.test(id)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(recordPage(objectType, id, softphoneUrl(typeof options.adapterUrl === 'string' ? options.adapterUrl : options.adapterUrl(), origin)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    recordUrl: (objectType, id) => `${origin}/lightning/r/${encodeURIComponent(objectType)}/${encodeURIComponent(id)}/view`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The adapter URL with what Lightning appends to it, keeping any query the call center's URL has. */
function softphoneUrl(adapterUrl: string, lightningOrigin: string): string {
  const url = new URL(adapterUrl);
  url.searchParams.set('mode', 'Lightning');
  url.searchParams.set('isdtp', 'vw');
  url.searchParams.set('sfdcIframeOrigin', lightningOrigin);
  url.searchParams.set('clc', '1');
  url.searchParams.set('nonce', randomBytes(16).toString('hex'));
  return url.href;
}

function recordPage(objectType: string, id: string, softphone: string): string {
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>${objectType} | Salesforce</title>
<style>
  body { margin: 0; font-family: sans-serif; }
  main { padding: 1rem; }
  .utility-bar { position: fixed; left: 0; bottom: 0; border: 0; box-shadow: 0 0 4px #0004; }
</style>
<main><h1>${objectType} <span class="record-id">${id}</span></h1></main>
<iframe class="utility-bar" title="Softphone" src="${escapeAttribute(softphone)}" allow="microphone; autoplay"
  width="${SOFTPHONE_SIZE.width}" height="${SOFTPHONE_SIZE.height}"></iframe>
</html>
`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
