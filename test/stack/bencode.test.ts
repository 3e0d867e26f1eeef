import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { bdecode, bencode, type Bencoded } from './bencode.js';
import { rtpengineCommand } from './rtpengine-ng.js';

describe('bencode: the encoding of rtpengine ng commands and replies', () => {
  const roundTrips: [string, Bencoded][] = [
    ['an integer', -42],
    ['an empty string', ''],
    ['a UTF-8 string, counted in bytes', 'café ☎'],
    ['a list of mixed values', ['offer', 3, ['nested'], {}]],
    ['a dictionary as an ng command', { command: 'offer', 'call-id': 'abc@127.0.0.1', flags: ['trust-address'], limit: 1000 }],
  ];
  for (const [what, value] of roundTrips) {
    it(`decodes what it encodes: ${what}`, () => {
      assert.deepEqual(bdecode(bencode(value)), value);
    });
  }

  it('sorts dictionary keys, as rtpengine expects', () => {
    assert.equal(bencode({ b: 1, a: 'x' }).toString(), 'd1:a1:x1:bi1ee');
  });

  const malformed: [string, string][] = [
    ['a string with an empty length', ':'],
    ['a string with an empty length in a list', 'l:e'],
    ['a string with a length that is not digits', 'l 1:ae'],
    ['a string longer than the data', '5:abc'],
    ['a string without a colon', '3abc'],
    ['an integer without digits', 'ie'],
    ['an integer without its end', 'i42'],
    ['a list without its end', 'l1:a'],
    ['a dictionary key without a value', 'd1:ae'],
    ['bytes after the value', 'i1ei2e'],
    ['nothing at all', ''],
  ];
  for (const [what, text] of malformed) {
    it(`refuses ${what} (${JSON.stringify(text)})`, () => {
      assert.throws(() => bdecode(Buffer.from(text)), /^Error: bencode: /);
    });
  }
});

describe('rtpengineCommand: one ng command over UDP', () => {
  let fake: Socket | undefined;
  afterEach(() => {
    fake?.close();
    fake = undefined;
  });

  /** A stand-in for rtpengine that answers every command with the same cookie and this payload. */
  const fakeRtpengine = async (payload: string): Promise<number> => {
    const socket = createSocket('udp4');
    fake = socket;
    socket.on('message', (message, from) => {
      const cookie = message.subarray(0, message.indexOf(' ')).toString('ascii');
      socket.send(`${cookie} ${payload}`, from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return socket.address().port;
  };

  it('resolves with the reply dictionary', async () => {
    const port = await fakeRtpengine('d6:result2:oke');
    assert.deepEqual(await rtpengineCommand(port, { command: 'ping' }), { result: 'ok' });
  });

  it('rejects a malformed reply instead of throwing from the socket handler', async () => {
    const port = await fakeRtpengine('d6:result:oke');
    await assert.rejects(rtpengineCommand(port, { command: 'ping' }), /malformed reply: bencode: /);
  });
});
