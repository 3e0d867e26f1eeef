import type { HostLog } from '../../../../widget/src/hosts/host-log.js';

/** A HostLog that keeps every line, for tests to read what a bridge reported. */
export class RecordingLog implements HostLog {
  readonly lines: { readonly level: 'debug' | 'warn' | 'error'; readonly text: string }[] = [];

  debug(...args: unknown[]): void {
    this.lines.push({ level: 'debug', text: args.map(String).join(' ') });
  }

  warn(...args: unknown[]): void {
    this.lines.push({ level: 'warn', text: args.map(String).join(' ') });
  }

  error(...args: unknown[]): void {
    this.lines.push({ level: 'error', text: args.map(String).join(' ') });
  }

  /** Lines at `level`. */
  at(level: 'debug' | 'warn' | 'error'): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.text);
  }
}
