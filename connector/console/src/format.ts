import { h } from './dom.js';

/** An instant the API sent: an ISO-8601 string, or ms since the epoch (older answers). */
export type Instant = string | number;

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function toDate(at: Instant): Date {
  return new Date(at);
}

/** A `<time>` element: the admin's local date and time as text, the exact UTC instant in `datetime` and its tooltip. */
export function timeElement(at: Instant | null): HTMLElement {
  if (at === null) return h('span', { class: 'muted', text: '—' });
  const date = toDate(at);
  if (Number.isNaN(date.getTime())) return h('span', { text: String(at) });
  const iso = date.toISOString();
  return h('time', { text: DATE_TIME.format(date), attrs: { datetime: iso, title: iso } });
}

/** How long ago `at` was, as people say it: `just now`, `4 min ago`, `2 h ago`, `3 days ago`. */
export function ago(at: Instant, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - toDate(at).getTime()) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** A span of milliseconds as `45 s`, `12 min`, `3 h 5 min`, `2 days 4 h`. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} days` : `${days} days ${hours % 24} h`;
}

/** `1 widget`, `2 widgets`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A whole number with the admin's digit grouping. */
export function count(n: number): string {
  return n.toLocaleString();
}

/** Comma-separated codes typed by a person, as the API takes them: trimmed, upper-cased, empties dropped. */
export function parseCodes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
}
