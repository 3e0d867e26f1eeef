import type { OpenCti } from './open-cti.js';

/** Open CTI API version the widget asks for: 61.0 (Summer '24); every method used here exists since 38.0. */
export const OPEN_CTI_API_VERSION = '61.0';

/** Where Salesforce serves Open CTI for Lightning on `origin`. */
export function openCtiScriptUrl(origin: string, apiVersion: string = OPEN_CTI_API_VERSION): string {
  return `${origin}/support/api/${apiVersion}/lightning/opencti_min.js`;
}

/** Loads `opencti_min.js` from `src` and resolves with `sforce.opencti`; rejects with the reason it could not. */
export type OpenCtiLoader = (src: string) => Promise<OpenCti>;

type WindowWithOpenCti = Window & { sforce?: { opencti?: OpenCti } };

/**
 * The loader browsers use: one `<script>` element, as Salesforce's guide does, then `window.sforce.opencti`. The
 * script reads `mode` and `sfdcIframeOrigin` from the frame's own address, so it works only inside the softphone
 * frame Salesforce opened.
 */
export function scriptOpenCtiLoader(win: Window): OpenCtiLoader {
  const target = win as WindowWithOpenCti;
  return (src) =>
    new Promise<OpenCti>((resolve, reject) => {
      const script = win.document.createElement('script');
      script.src = src;
      script.async = true;
      script.addEventListener('load', () => {
        const api = target.sforce?.opencti;
        if (api) resolve(api);
        else reject(new Error('the script loaded but did not define sforce.opencti'));
      });
      script.addEventListener('error', () => reject(new Error('the browser could not load the script')));
      (win.document.head ?? win.document.documentElement).appendChild(script);
    });
}
