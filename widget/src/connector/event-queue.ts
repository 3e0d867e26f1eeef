import type { WidgetCallEvent } from './connector-api.js';
import type { StorageLike } from './connector-ports.js';

/**
 * The call events not yet confirmed by the connector, oldest first, mirrored into storage after every change so a
 * page reload (or a crash of the tab) does not lose them: a new queue on the same storage and key starts with them.
 *
 * Promises: order is kept; `remove` takes out only the events named; a storage that throws (full, blocked) or holds
 * something unreadable never loses what is in memory and never throws to the caller.
 */
export class EventQueue {
  private events: WidgetCallEvent[];

  constructor(
    private readonly storage: StorageLike | null,
    private readonly key: string,
  ) {
    this.events = load(storage, key);
  }

  get length(): number {
    return this.events.length;
  }

  /** The first `count` events, in order. */
  head(count: number): readonly WidgetCallEvent[] {
    return this.events.slice(0, count);
  }

  all(): readonly WidgetCallEvent[] {
    return this.events;
  }

  push(event: WidgetCallEvent): void {
    this.events.push(event);
    this.save();
  }

  remove(eventIds: ReadonlySet<string>): void {
    if (eventIds.size === 0) return;
    this.events = this.events.filter((e) => !eventIds.has(e.eventId));
    this.save();
  }

  private save(): void {
    if (!this.storage) return;
    try {
      if (this.events.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(this.events));
    } catch {
      // Full or blocked storage: the events are still in memory and still sent; only a reload could lose them now.
    }
  }
}

function load(storage: StorageLike | null, key: string): WidgetCallEvent[] {
  let text: string | null = null;
  try {
    text = storage?.getItem(key) ?? null;
  } catch {
    return [];
  }
  if (text === null) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isEvent) : [];
  } catch {
    return [];
  }
}

function isEvent(value: unknown): value is WidgetCallEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.eventId === 'string' && typeof e.callId === 'string' && typeof e.occurredAt === 'string' && typeof e.type === 'string';
}
