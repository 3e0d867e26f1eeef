import type { AuditEntry, Store } from '../store/store.js';

/** An audit entry as its author gives it: the log stamps the time itself. */
export type AuditRecord = Omit<AuditEntry, 'at'>;

/** Detail keys that name a secret. The log keeps the key (so a reader sees something was set) but never its value. */
const SECRET_KEY = /pass(word)?|secret|token|key$|^sealed|credential/i;

/**
 * The audit log of admin changes and policy refusals, stamped by one clock. Callers MUST NOT put secrets in
 * `details`; as a second line of defence, any detail whose key names a secret (password, token, key, ...) is stored
 * as `[redacted]`, at any depth.
 */
export class AuditLog {
  private readonly now: () => number;

  constructor(private readonly deps: { readonly store: Store; readonly now?: () => number }) {
    this.now = deps.now ?? Date.now;
  }

  /** Appends the entry; resolves once it is stored. */
  async record(entry: AuditRecord): Promise<void> {
    await this.deps.store.appendAudit({ ...entry, details: redact(entry.details) as Record<string, unknown>, at: this.now() });
  }
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(child)]));
}
