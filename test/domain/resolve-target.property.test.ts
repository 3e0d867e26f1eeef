import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js';
import type { DialPlan } from '../../connector/src/domain/dial-plan.js';
import { resolveTarget } from '../../connector/src/domain/resolve-target.js';
import { makePlan } from './plans.js';

const PLANS: readonly DialPlan[] = [
  makePlan(),
  makePlan({ userPhone: false, defaultRegion: 'GB' as CountryCode, internalExtensionLength: { min: 4, max: 4 } }),
  makePlan({ outboundPrefix: '9', defaultRegion: 'DE' as CountryCode, sipDomain: 'sip.tenant-1.example.org' }),
  makePlan({
    outboundPrefix: '0011',
    userPhone: false,
    sipDomain: '192.0.2.10',
    internalExtensionLength: { min: 2, max: 6 },
  }),
];

const PROBLEM_CODES = new Set([
  'EMPTY',
  'TOO_LONG',
  'NOT_A_PHONE_NUMBER',
  'TOO_SHORT',
  'INVALID_COUNTRY',
  'INVALID_NUMBER',
  'INVALID_CHARACTERS',
  'DIAL_PLAN_INVALID',
]);

const SIP_SPECIALS = ['@', ';', '?', '<', '>', ':', '%', '\r', '\n', '=', '&', '"', ',', '#', '*'];
const PIECES = [
  ...'0123456789'.split(''), ...SIP_SPECIALS, '+', ' ', '-', '(', ')', '.', 'x', 'ext.', ';ext=', 'tel:', 'sip:',
  ';user=phone', ';transport=tcp', '@evil.com', '%40', '%0d%0a', '\u00a0', '＠', '１', '\u200e', 'FLOWERS',
];

/** Strings built from digits and the characters that mean something in a SIP URI. */
const sipFlavouredText = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));

/** A real-looking number with hostile or harmless decorations around it. */
const decoratedNumber = fc
  .tuple(
    fc.constantFrom('', '+', '+1 ', '00', '011 ', 'tel:', ' '),
    fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 3, maxLength: 15 }),
    fc.constantFrom('', ' x204', ';ext=7', '#12', ',,5', ...SIP_SPECIALS.map((special) => `${special}evil`)),
  )
  .map(([head, digits, tail]) => head + digits + tail);

/** Full Unicode, lone surrogates included. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)), maxLength: 5 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkInvariants(input: unknown, plan: DialPlan, region: string | null): void {
  const result = resolveTarget(input, plan, { region });
  if (result.ok) {
    const { target } = result;
    const uri = new RegExp(`^sip:(\\+?[0-9]+)@${escapeRegExp(plan.sipDomain)}(;user=phone)?$`);
    assert.match(target.sipUri, uri);
    assert.ok(target.extension === null || /^[0-9]+$/.test(target.extension), `extension ${target.extension}`);
    assert.ok(target.e164 === null || /^\+[0-9]{2,}$/.test(target.e164), `e164 ${target.e164}`);
    assert.ok(!/[\p{Cc}\p{Cf}]/u.test(target.display), 'display has no control characters');
    if (target.kind === 'internal') {
      assert.doesNotMatch(target.sipUri, /user=phone/);
    }
  } else {
    assert.ok(PROBLEM_CODES.has(result.problem.code), result.problem.code);
    assert.ok(result.problem.message.length > 0);
    assert.ok(!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(result.problem.message), 'message has no control characters');
  }
}

const planArb = fc.constantFrom(...PLANS);
const regionArb = fc.oneof(
  fc.constant(null),
  fc.constantFrom('US', 'gb', 'DE', 'FR', 'IN', 'JP', 'ZZ', '001'),
  fc.string({ maxLength: 4 }),
);

describe('resolveTarget (property)', () => {
  it('never throws and only produces safe URIs for arbitrary Unicode text', () => {
    fc.assert(fc.property(anyText, planArb, regionArb, checkInvariants), { numRuns: 1000 });
  });

  it('never throws and only produces safe URIs for text full of SIP syntax', () => {
    fc.assert(fc.property(sipFlavouredText, planArb, regionArb, checkInvariants), { numRuns: 1000 });
  });

  it('never throws and only produces safe URIs for numbers with decorations', () => {
    fc.assert(fc.property(decoratedNumber, planArb, regionArb, checkInvariants), { numRuns: 1000 });
  });

  it('never throws for any JavaScript value', () => {
    fc.assert(fc.property(fc.anything(), planArb, regionArb, checkInvariants), { numRuns: 500 });
  });

  it('refuses every input that contains @ < > ? % or a line break', () => {
    const hostile = fc
      .tuple(
        fc.oneof(decoratedNumber, sipFlavouredText),
        fc.constantFrom('@', '<', '>', '?', '%', '\r', '\n', '＠', '﹫'),
        fc.nat(),
      )
      .map(([text, special, at]) => {
        const index = at % (text.length + 1);
        return text.slice(0, index) + special + text.slice(index);
      });
    fc.assert(
      fc.property(hostile, planArb, (input, plan) => {
        const result = resolveTarget(input, plan);
        assert.ok(!result.ok, `dialled ${result.ok ? result.target.sipUri : ''} from ${JSON.stringify(input)}`);
      }),
      { numRuns: 500 },
    );
  });
});
