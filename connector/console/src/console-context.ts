/** A refusal from the connector's API: the HTTP status and the catalogue's stable code and message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The connector's admin API as the signed-in admin sees it; every call carries the admin's bearer token. Files (the
 * CSV export) are not fetched through it: the page asks the API for a short-lived download link and lets the browser
 * stream that to disk, so a year of calls never sits in the page's memory.
 */
export interface ConsoleApi {
  /** GETs JSON from a path under the connector (`/api/v1/admin/...`). MUST throw {@link ApiError} on a non-2xx answer. */
  get<T>(path: string): Promise<T>;
  /** Sends JSON (or nothing) and reads the JSON answer; a 204 resolves to undefined. Throws {@link ApiError} like `get`. */
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** A secret the connector hands out once (a sign-in key, a SIP password), as the console shows it. */
export interface SecretToShow {
  readonly title: string;
  /** What the secret is, as its field's label: `Sign-in key`. */
  readonly label: string;
  readonly secret: string;
  /** Why it must be copied now, and what to do with it. */
  readonly warning: string;
  /**
   * The control the admin started from: focus goes back to it once the secret is put away, or, when a reload has
   * replaced it, to the element that now carries its `data-focus-key`.
   */
  readonly opener?: HTMLElement | null;
}

/** What every console page is given by the shell. */
export interface ConsoleContext {
  readonly api: ConsoleApi;
  /**
   * Shows a short message in the console's status line: info in a polite live region (it fades), an error in an
   * alert region (it stays until the next message). Dropped once the page is no longer shown.
   */
  notify(message: string, kind?: 'info' | 'error'): void;
  /**
   * Shows a one-time secret in the console's own modal dialog, above every page. It MUST NOT be dropped when the page
   * that asked is gone or re-rendered: it stays, through route changes, until the admin presses Done, which empties it.
   */
  revealSecret(secret: SecretToShow): void;
  /**
   * Runs `work`, a request whose answer is a one-time secret (`what` names it: `the new sign-in key of maria`). Until
   * it settles the console stays on this page: a route change or sign-out is undone and explained, and leaving the
   * page asks first, so the admin sees the secret that the connector has already rotated.
   */
  holdPage<T>(what: string, work: () => Promise<T>): Promise<T>;
}

/**
 * A console page: renders itself into `root` (emptied by the shell first) and returns a function the shell calls
 * before it shows another page, to stop timers and free charts.
 */
export type ConsolePage = (root: HTMLElement, ctx: ConsoleContext) => () => void;
