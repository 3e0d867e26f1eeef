import assert from 'node:assert/strict';
import { isSecureWebSocket } from '../../../widget/src/phone/websocket-address.js';

describe('isSecureWebSocket: which SIP servers the phone will hand a password to', () => {
  const cases: [string, boolean][] = [
    ['wss://sip.example.com:8443', true],
    ['wss://sip.example.com', true],
    ['ws://127.0.0.1:5066', true],
    ['ws://localhost:5066', true],
    ['ws://[::1]:5066', true],
    ['ws://sip.example.com:5066', false],
    ['ws://10.0.0.5', false],
    ['http://127.0.0.1:5066', false],
    ['sip.example.com', false],
    ['', false],
  ];
  for (const [server, secure] of cases) {
    it(`${server || '(empty)'} is ${secure ? 'accepted' : 'refused'}`, () => assert.equal(isSecureWebSocket(server), secure));
  }
});
