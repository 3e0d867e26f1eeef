/**
 * Reads a `text/event-stream` as it arrives (the parts of the WHATWG format the connector uses): lines end in LF, CR
 * or CRLF, wherever the chunks split them; `data:` lines are joined with LF and handed over at the blank line that ends
 * the event; comments (`:`), other fields and events without data are skipped.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  /** The last chunk ended in CR: an LF starting the next one belongs to that line end. */
  private afterCr = false;

  constructor(private readonly onData: (data: string) => void) {}

  feed(chunk: string): void {
    const text = this.buffer + (this.afterCr && chunk.startsWith('\n') ? chunk.slice(1) : chunk);
    this.afterCr = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '\n' && c !== '\r') continue;
      const line = text.slice(start, i);
      if (c === '\r') {
        if (i + 1 === text.length) this.afterCr = true;
        else if (text[i + 1] === '\n') i++;
      }
      start = i + 1;
      this.line(line);
    }
    this.buffer = text.slice(start);
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.onData(this.data.join('\n'));
      this.data = [];
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) return;
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    const value = colon < 0 ? '' : line.slice(colon + 1);
    this.data.push(value.startsWith(' ') ? value.slice(1) : value);
  }
}
