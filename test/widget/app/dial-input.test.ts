import assert from 'node:assert/strict';
import { dialInput } from '../../../widget/src/app/dial-input.js';

describe('dialInput: what a clicked link asks the connector to resolve', () => {
  const cases: [string, string][] = [
    ['+1 415 555 2671', '+1 415 555 2671'],
    ['  +44 20 7183 8750 ext. 12 ', '+44 20 7183 8750 ext. 12'],
    ['sip:+14155552671@pbx.example.com', '+14155552671'],
    ['SIP:204@pbx.example.com;transport=tls', '204'],
    ['sips:%2B4930901820@pbx.example.com', '+4930901820'],
    ['sip:bad%ZZ@host', 'bad%ZZ'],
    ['sip:@host', ''],
  ];
  for (const [clicked, resolved] of cases) {
    it(`${clicked.trim()} -> ${resolved || '(empty: the connector says what is wrong)'}`, () => assert.equal(dialInput(clicked), resolved));
  }
});
