/** The one class every widget rule hangs under, so the host page's own elements are never restyled. */
export const ROOT_CLASS = 'c2c';

const STYLE_ID = 'c2c-widget-style';

/**
 * The widget's CSS, shipped inside the bundle so one `<script>` tag is the whole install. Every selector starts with
 * `.c2c`; elements get explicit fonts and margins because a host page's `button {…}` rules would otherwise leak in.
 * Sizes fit Salesforce's 400x550 utility bar and still work at 250 px wide.
 */
const CSS = `
.c2c{--c2c-fg:#1d2330;--c2c-muted:#545b69;--c2c-line:#c9ced8;--c2c-bg:#fff;--c2c-soft:#f2f4f8;--c2c-primary:#0b5cad;
--c2c-danger:#b3261e;--c2c-ok:#1e7d32;--c2c-warn:#8a5a00;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--c2c-fg);background:var(--c2c-bg);text-align:left;letter-spacing:normal}
.c2c *,.c2c *::before,.c2c *::after{box-sizing:border-box}
.c2c [hidden]{display:none!important}
.c2c p,.c2c h2,.c2c ul,.c2c ol,.c2c form{margin:0;padding:0}
.c2c button,.c2c input,.c2c select,.c2c textarea{font:inherit;color:inherit;margin:0;letter-spacing:normal;text-transform:none}
.c2c button{cursor:pointer;border:1px solid var(--c2c-line);background:var(--c2c-soft);border-radius:8px;padding:8px 10px;min-height:36px;line-height:1.2}
.c2c button:hover:not(:disabled){filter:brightness(.95)}
.c2c button:disabled,.c2c button[aria-disabled=true]{opacity:.55;cursor:not-allowed}
.c2c button:focus-visible,.c2c input:focus-visible,.c2c select:focus-visible,.c2c textarea:focus-visible,.c2c a:focus-visible{outline:3px solid var(--c2c-fg);outline-offset:2px}
.c2c button[aria-pressed=true],.c2c button[aria-expanded=true]:not(.c2c-launcher){background:var(--c2c-fg);color:#fff;border-color:var(--c2c-fg)}
.c2c .c2c-primary{background:var(--c2c-primary);border-color:var(--c2c-primary);color:#fff;font-weight:600}
.c2c .c2c-danger{background:var(--c2c-danger);border-color:var(--c2c-danger);color:#fff;font-weight:600}
.c2c .c2c-answer{background:var(--c2c-ok);border-color:var(--c2c-ok)}
.c2c .c2c-small{min-height:30px;padding:4px 8px;font-size:13px}
.c2c.c2c-app{display:flex;flex-direction:column;height:100%;min-height:0;width:100%;min-width:0;overflow:hidden}
.c2c .c2c-header{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;padding:8px 10px;border-bottom:1px solid var(--c2c-line);background:var(--c2c-soft)}
.c2c .c2c-status{display:flex;flex-wrap:wrap;align-items:center;gap:0 6px;font-weight:600;flex:1 1 auto;min-width:0;overflow-wrap:anywhere}
.c2c .c2c-status-detail{flex-basis:100%;font-weight:400;font-size:12px;color:var(--c2c-muted)}
.c2c .c2c-dot{width:10px;height:10px;border-radius:50%;flex:none;background:var(--c2c-muted)}
.c2c .c2c-dot[data-state=registered]{background:var(--c2c-ok)}
.c2c .c2c-dot[data-state=connecting],.c2c .c2c-dot[data-state=reconnecting]{background:#d99a00}
.c2c .c2c-dot[data-state=failed]{background:var(--c2c-danger)}
.c2c .c2c-agent{color:var(--c2c-muted);font-size:13px}
.c2c .c2c-header-actions{display:flex;gap:4px;margin-left:auto}
.c2c .c2c-notice{display:flex;align-items:flex-start;gap:8px;margin:8px 10px 0;padding:8px 10px;border-radius:8px;background:#e8f0fb;border:1px solid #b5cbe8}
.c2c .c2c-notice[data-tone=error]{background:#fbeaea;border-color:#e4b4b1;color:#6d1712}
.c2c .c2c-notice-text{flex:1;overflow-wrap:anywhere}
.c2c .c2c-body{flex:1 1 auto;min-height:0;overflow:auto;padding:10px}
.c2c .c2c-screen{display:flex;flex-direction:column;gap:8px}
.c2c .c2c-title{font-size:17px;font-weight:700}
.c2c .c2c-subtitle{font-size:14px;font-weight:700;margin-top:4px}
.c2c .c2c-hint{color:var(--c2c-muted);font-size:13px}
.c2c .c2c-message{color:var(--c2c-danger)}
.c2c .c2c-message:empty{display:none}
.c2c .c2c-message[data-tone=info]{color:var(--c2c-fg)}
.c2c .c2c-label{font-weight:600;font-size:13px}
.c2c .c2c-input{width:100%;min-width:0;padding:8px 10px;border:1px solid #8a92a3;border-radius:8px;background:#fff}
.c2c .c2c-number{font-size:18px;letter-spacing:.02em}
.c2c .c2c-notes{resize:vertical;min-height:72px}
.c2c .c2c-row{display:flex;gap:8px;align-items:stretch}
.c2c .c2c-row>button{flex:1 1 0;min-width:0}
.c2c .c2c-row>.c2c-erase{flex:none}
.c2c .c2c-wrap{flex-wrap:wrap}
.c2c .c2c-dial{display:flex;flex-direction:column;gap:8px}
.c2c .c2c-keypad{display:grid;grid-template-columns:repeat(3,1fr);gap:6px}
.c2c .c2c-key{display:flex;flex-direction:column;align-items:center;justify-content:center;min-height:44px;padding:4px;background:#fff}
.c2c .c2c-key-digit{font-size:19px;font-weight:600;line-height:1.1}
.c2c .c2c-key-letters{font-size:10px;color:var(--c2c-muted);min-height:11px;letter-spacing:.08em}
.c2c .c2c-call,.c2c .c2c-hangup{min-height:44px;font-size:16px}
.c2c .c2c-recent{display:flex;flex-direction:column;gap:6px;margin-top:12px}
.c2c .c2c-recent-list{list-style:none;display:flex;flex-direction:column;gap:4px}
.c2c .c2c-recent-call{width:100%;display:grid;grid-template-columns:1fr;text-align:left;background:#fff;gap:1px}
.c2c .c2c-recent-who{font-weight:600;overflow-wrap:anywhere}
.c2c .c2c-recent-number,.c2c .c2c-recent-details{font-size:12px;color:var(--c2c-muted);overflow-wrap:anywhere}
.c2c .c2c-who{text-align:center;padding:6px 0}
.c2c .c2c-kicker{text-align:center;font-weight:600;color:var(--c2c-primary);text-transform:uppercase;font-size:12px;letter-spacing:.08em}
.c2c .c2c-party{font-size:20px;font-weight:700;text-align:center;overflow-wrap:anywhere}
.c2c .c2c-party-number{text-align:center;color:var(--c2c-muted);overflow-wrap:anywhere}
.c2c .c2c-call-status{text-align:center;font-variant-numeric:tabular-nums;font-size:16px}
.c2c .c2c-controls{display:grid;grid-template-columns:repeat(auto-fit,minmax(80px,1fr));gap:6px}
.c2c .c2c-transfer{display:flex;flex-direction:column;gap:6px;padding:8px;border:1px solid var(--c2c-line);border-radius:8px}
.c2c .c2c-transfer-choose{display:flex;flex-direction:column;gap:6px}
.c2c .c2c-other-calls{list-style:none;display:flex;flex-direction:column;gap:4px}
.c2c .c2c-other-calls li{display:flex;align-items:center;gap:6px;padding:6px 8px;background:var(--c2c-soft);border-radius:8px}
.c2c .c2c-other-who{flex:1;min-width:0;overflow-wrap:anywhere}
.c2c .c2c-incoming{padding-top:16px;gap:10px}
.c2c .c2c-answer-row>button{min-height:48px;font-size:16px}
.c2c .c2c-visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;margin:-1px;padding:0;border:0}
.c2c.c2c-floating{position:fixed;right:16px;bottom:16px;z-index:2147483000;display:flex;flex-direction:column;align-items:flex-end;gap:8px;background:transparent;max-width:calc(100vw - 16px)}
.c2c .c2c-float-panel{width:min(360px,calc(100vw - 24px));height:min(550px,calc(100vh - 96px));border:1px solid var(--c2c-line);border-radius:12px;overflow:hidden;box-shadow:0 8px 28px rgba(0,0,0,.22);background:var(--c2c-bg)}
.c2c .c2c-launcher{display:flex;align-items:center;gap:8px;border-radius:999px;padding:10px 16px;background:var(--c2c-primary);border-color:var(--c2c-primary);color:#fff;font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.c2c.c2c-full{position:fixed;inset:0}
@media (max-width:300px){.c2c .c2c-body{padding:8px}.c2c .c2c-party{font-size:17px}.c2c .c2c-key{min-height:40px}.c2c .c2c-controls{grid-template-columns:1fr 1fr}}
@media (prefers-reduced-motion:no-preference){.c2c button{transition:filter .1s}}
`;

/** Adds the widget's stylesheet once per document. */
export function injectStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  (doc.head ?? doc.documentElement).append(style);
}
