import assert from 'node:assert/strict';
import { readPushMessage } from '../../../widget/src/connector/push-message.js';
import { SseParser } from '../../../widget/src/connector/sse-parser.js';

/** Everything the parser hands over for `chunks` fed in turn. */
function parse(chunks: readonly string[]): string[] {
  const out: string[] = [];
  const parser = new SseParser((data) => out.push(data));
  for (const chunk of chunks) parser.feed(chunk);
  return out;
}

const STREAM = 'retry: 2000\n: connected\n\ndata: {"type":"settings-changed"}\n\n: keep-alive\n\ndata: {"type":"session-ended","reason":"disabled"}\n\n';

describe('SseParser: the push stream as it arrives', () => {
  it('hands over each event’s data, skipping comments and the retry field', () => {
    assert.deepEqual(parse([STREAM]), ['{"type":"settings-changed"}', '{"type":"session-ended","reason":"disabled"}']);
  });

  it('gives the same events wherever the chunks split the stream, with LF, CRLF or CR line ends', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const text = STREAM.replace(/\n/g, end);
      for (let a = 0; a <= text.length; a++) {
        for (const b of [a, Math.min(text.length, a + 1), Math.min(text.length, a + 7)]) {
          assert.deepEqual(parse([text.slice(0, a), text.slice(a, b), text.slice(b)]), parse([STREAM]), `${JSON.stringify(end)} split at ${a}, ${b}`);
        }
      }
    }
  });

  it('joins the lines of one event’s data, keeps a colon in a value, and ignores other fields and empty events', () => {
    assert.deepEqual(parse(['data: first\ndata:second\nevent: x\nid: 7\n\n\n\ndata\n\ndata: a: b\n\n']), ['first\nsecond', '', 'a: b']);
  });

  it('holds back an event until the blank line that ends it', () => {
    assert.deepEqual(parse(['data: {"type":"resync"}\n']), []);
  });
});

describe('readPushMessage', () => {
  it('reads the messages the connector sends, and nothing else', () => {
    assert.deepEqual(readPushMessage('{"type":"session-ended","reason":"deleted"}'), { type: 'session-ended', reason: 'deleted' });
    assert.deepEqual(readPushMessage('{"type":"settings-changed","extra":1}'), { type: 'settings-changed' });
    assert.deepEqual(
      readPushMessage('{"type":"screen-pop","callId":"c1","number":"+1 415 555 2671","matches":[{"objectType":"Contact","id":"CON-1","name":"Maria","x":1},{"id":2}]}'),
      { type: 'screen-pop', callId: 'c1', number: '+1 415 555 2671', matches: [{ objectType: 'Contact', id: 'CON-1', name: 'Maria' }] },
    );
    for (const unknown of ['not json', 'null', '[]', '{"type":"dance"}', '{"type":"session-ended"}', '{"type":"screen-pop","callId":"c1"}']) {
      assert.equal(readPushMessage(unknown), null, unknown);
    }
  });
});
