import assert from 'node:assert/strict';
import { resolveTarget } from '../../connector/src/domain/resolve-target.js';
import { BROKEN_NUMBERS, HOSTILE_INPUTS } from './data/number-formats.js';
import { describeInput } from './describe-input.js';
import { makePlan } from './plans.js';

const plan = makePlan();

function problemFor(input: unknown, region: string | null = null): { code: string; message: string } {
  const result = resolveTarget(input, plan, { region });
  assert.ok(!result.ok, 'expected a refusal');
  return result.problem;
}

describe('number problem messages', () => {
  describe('every refusal in the format table', () => {
    for (const row of [...HOSTILE_INPUTS, ...BROKEN_NUMBERS]) {
      it(`reads as one clean sentence for ${describeInput(row.input)}`, () => {
        const { message } = problemFor(row.input, row.region);
        assert.match(message, /^[A-Z"+].*\.$/u);
        assert.doesNotMatch(message, /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
        assert.doesNotMatch(message.replace(/"[^"]*"/g, '""'), /[.!?]\s+[A-Z]/, 'one sentence');
      });
    }
  });

  it('never repeats more than 40 characters of the input', () => {
    const input = `+1 415 555 2671 ${'Z'.repeat(70)}`;
    const { message } = problemFor(input);
    assert.ok(!message.includes(input.slice(0, 41)), message);
    assert.ok(message.includes(`${input.slice(0, 40)}…`), message);
  });

  it('does not echo a 200-character field at all', () => {
    assert.doesNotMatch(problemFor('9'.repeat(200)).message, /9{10}/);
  });

  it('does not echo control or invisible characters', () => {
    const { message } = problemFor('+1 415\u200b 555 2671 ++');
    assert.doesNotMatch(message, /\u200b/u);
  });

  it('says a number is too short and where to fix it', () => {
    assert.equal(
      problemFor('555-12').message,
      'The number "555-12" is too short to be a phone number; check it in the CRM record.',
    );
  });

  it('names the country of a number that is not valid there', () => {
    const { code, message } = problemFor('020 7946 000', 'GB');
    assert.equal(code, 'INVALID_NUMBER');
    assert.match(message, /not a valid United Kingdom \(\+44\) phone number/);
  });

  it('suggests adding the country code to a national number that is not valid in the assumed country', () => {
    assert.match(problemFor('020 7946 000', 'GB').message, /write it with \+ and the country code/);
  });

  it('reports an unknown country code', () => {
    for (const input of ['+999 1234', '00 999 1234 5678']) {
      const { code, message } = problemFor(input, 'DE');
      assert.equal(code, 'INVALID_COUNTRY');
      assert.match(message, /does not start with a known country code/);
    }
  });

  it('explains SIP and e-mail addresses', () => {
    assert.match(problemFor('4155552671@evil.com').message, /looks like a SIP or e-mail address/);
  });

  it('names the stray character in other hostile input', () => {
    assert.match(problemFor('+1415;transport=tcp').message, /contains ";"/);
    assert.match(problemFor('"4155552671"').message, /contains '"'/);
  });

  it('does not echo input that holds a line break', () => {
    const { message } = problemFor('+14155552671\r\nVia: evil');
    assert.doesNotMatch(message, /Via/);
    assert.match(message, /line break/);
  });
});
