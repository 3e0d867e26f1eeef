/** The `fetch` the client uses: the browser's, or a test's stand-in. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The three `Storage` calls the event queue makes (`sessionStorage` in a browser). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Timers, injectable so tests control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** `navigator.sendBeacon`: queues a POST that outlives the page; false when the browser refused to queue it. */
export type SendBeacon = (url: string, body: string) => boolean;

export const browserTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
