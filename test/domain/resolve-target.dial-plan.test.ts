import assert from 'node:assert/strict';
import type { CountryCode } from 'libphonenumber-js';
import { resolveTarget } from '../../connector/src/domain/resolve-target.js';
import type { ResolveResult } from '../../connector/src/domain/resolve-target.js';
import type { SipTarget } from '../../connector/src/domain/sip-target.js';
import { makePlan } from './plans.js';

function target(result: ResolveResult): SipTarget {
  assert.ok(result.ok, result.ok ? '' : `${result.problem.code}: ${result.problem.message}`);
  return result.target;
}

function problemCode(result: ResolveResult): string {
  assert.ok(!result.ok, result.ok ? `unexpectedly dialled ${result.target.sipUri}` : '');
  return result.problem.code;
}

describe('resolveTarget follows the dial plan', () => {
  describe('user=phone', () => {
    it('adds ;user=phone to telephone numbers when the plan asks for it', () => {
      const uri = target(resolveTarget('+1 415 555 2671', makePlan({ userPhone: true }))).sipUri;
      assert.equal(uri, 'sip:+14155552671@pbx.example.com;user=phone');
    });

    it('leaves ;user=phone out when the plan does not ask for it', () => {
      const uri = target(resolveTarget('+1 415 555 2671', makePlan({ userPhone: false }))).sipUri;
      assert.equal(uri, 'sip:+14155552671@pbx.example.com');
    });

    it('never adds ;user=phone to an internal extension', () => {
      const uri = target(resolveTarget('204', makePlan({ userPhone: true }))).sipUri;
      assert.equal(uri, 'sip:204@pbx.example.com');
    });
  });

  describe('outbound prefix', () => {
    it('writes prefix + digits without the + when the trunk wants a prefix', () => {
      const uri = target(resolveTarget('(415) 555-2671', makePlan({ outboundPrefix: '9' }))).sipUri;
      assert.equal(uri, 'sip:914155552671@pbx.example.com;user=phone');
    });

    it('keeps the + when there is no prefix', () => {
      const uri = target(resolveTarget('(415) 555-2671', makePlan({ outboundPrefix: '', userPhone: false }))).sipUri;
      assert.equal(uri, 'sip:+14155552671@pbx.example.com');
    });

    it('accepts a multi-digit carrier prefix', () => {
      const plan = makePlan({ outboundPrefix: '1010', userPhone: false });
      assert.equal(target(resolveTarget('+44 20 7946 0958', plan)).sipUri, 'sip:1010442079460958@pbx.example.com');
    });

    it('does not put the prefix on internal extensions', () => {
      assert.equal(target(resolveTarget('204', makePlan({ outboundPrefix: '9' }))).sipUri, 'sip:204@pbx.example.com');
    });

    it('keeps the extension of a number out of the URI, for DTMF after answer', () => {
      const dialled = target(resolveTarget('415.555.2671 x204', makePlan({ outboundPrefix: '9' })));
      assert.equal(dialled.sipUri, 'sip:914155552671@pbx.example.com;user=phone');
      assert.equal(dialled.extension, '204');
      assert.equal(dialled.e164, '+14155552671');
    });
  });

  describe('internal extension lengths', () => {
    it('dials a 4-digit extension internally, not as a short national number', () => {
      const dialled = target(resolveTarget('2671', makePlan({ internalExtensionLength: { min: 4, max: 4 } })));
      assert.equal(dialled.kind, 'internal');
      assert.equal(dialled.sipUri, 'sip:2671@pbx.example.com');
      assert.equal(dialled.display, '2671');
    });

    it('treats digits outside the range as a phone number', () => {
      const plan = makePlan({ internalExtensionLength: { min: 3, max: 4 } });
      assert.equal(problemCode(resolveTarget('12345', plan)), 'TOO_SHORT');
      assert.equal(problemCode(resolveTarget('12', plan)), 'TOO_SHORT');
      assert.equal(target(resolveTarget('4155552671', plan)).kind, 'pstn');
    });

    it('honours both ends of the range', () => {
      const plan = makePlan({ internalExtensionLength: { min: 2, max: 6 } });
      assert.equal(target(resolveTarget('12', plan)).sipUri, 'sip:12@pbx.example.com');
      assert.equal(target(resolveTarget('123456', plan)).sipUri, 'sip:123456@pbx.example.com');
    });

    it('wins over the national reading even for a 7-digit local number when the range says so', () => {
      const dialled = target(resolveTarget('5552671', makePlan({ internalExtensionLength: { min: 7, max: 7 } })));
      assert.equal(dialled.kind, 'internal');
    });

    it('only takes bare digits as an extension: punctuation means a phone number', () => {
      const plan = makePlan({ internalExtensionLength: { min: 4, max: 4 } });
      assert.equal(problemCode(resolveTarget('26-71', plan)), 'TOO_SHORT');
      assert.equal(problemCode(resolveTarget('+2671', plan)), 'TOO_SHORT');
    });

    it('has no internal extensions when the range is empty', () => {
      const plan = makePlan({ internalExtensionLength: { min: 5, max: 3 } });
      assert.equal(problemCode(resolveTarget('1234', plan)), 'TOO_SHORT');
    });
  });

  describe('region', () => {
    it('reads national numbers in the plan default region', () => {
      const dialled = target(resolveTarget('020 7946 0958', makePlan({ defaultRegion: 'GB' as CountryCode })));
      assert.equal(dialled.e164, '+442079460958');
    });

    it("uses the record's country instead of the plan default", () => {
      const plan = makePlan({ defaultRegion: 'US' as CountryCode });
      assert.equal(target(resolveTarget('030 901820', plan, { region: 'DE' })).e164, '+4930901820');
      assert.equal(target(resolveTarget('01 42 68 53 00', plan, { region: 'fr' })).e164, '+33142685300');
      assert.equal(target(resolveTarget('020 7946 0958', plan, { region: ' gb ' })).e164, '+442079460958');
    });

    it('does not let the record region change an international number', () => {
      const dialled = target(resolveTarget('+1 415 555 2671', makePlan(), { region: 'DE' }));
      assert.equal(dialled.e164, '+14155552671');
    });

    it('ignores a junk record region and falls back to the plan default', () => {
      const plan = makePlan({ defaultRegion: 'GB' as CountryCode });
      for (const region of ['ZZ', 'United Kingdom', '001', 'G', '', null, 'constructor', '__proto__', 'gbr']) {
        assert.equal(target(resolveTarget('020 7946 0958', plan, { region })).e164, '+442079460958', String(region));
      }
    });

    it('ignores a region option of the wrong type', () => {
      const plan = makePlan({ defaultRegion: 'GB' as CountryCode });
      const options = { region: 44 } as unknown as { region: string };
      assert.equal(target(resolveTarget('020 7946 0958', plan, options)).e164, '+442079460958');
      assert.equal(target(resolveTarget('020 7946 0958', plan)).e164, '+442079460958');
    });

    it('reads the 00 international prefix from a European region and 011 from North America', () => {
      const europe = makePlan({ defaultRegion: 'DE' as CountryCode });
      const northAmerica = makePlan({ defaultRegion: 'US' as CountryCode });
      assert.equal(target(resolveTarget('0044 20 7946 0958', europe)).e164, '+442079460958');
      assert.equal(target(resolveTarget('011 44 20 7946 0958', northAmerica)).e164, '+442079460958');
    });
  });

  describe('a broken plan', () => {
    const broken: [string, Partial<{ sipDomain: string; outboundPrefix: string; defaultRegion: CountryCode }>][] = [
      ['a domain with a user part', { sipDomain: 'evil@pbx.example.com' }],
      ['a domain with parameters', { sipDomain: 'pbx.example.com;transport=tcp' }],
      ['a domain with a port', { sipDomain: 'pbx.example.com:5060' }],
      ['an empty domain', { sipDomain: '' }],
      ['a prefix with a +', { outboundPrefix: '+9' }],
      ['a prefix with letters', { outboundPrefix: '9;x=' }],
      ['an unknown default region', { defaultRegion: 'ZZ' as CountryCode }],
    ];
    for (const [what, overrides] of broken) {
      it(`refuses to dial with ${what}, telling the agent to ask an administrator`, () => {
        const result = resolveTarget('+1 415 555 2671', makePlan(overrides));
        assert.equal(problemCode(result), 'DIAL_PLAN_INVALID');
        assert.ok(!result.ok && /administrator/.test(result.problem.message));
      });
    }

    it('accepts an IPv4 address as the SIP domain', () => {
      assert.equal(target(resolveTarget('204', makePlan({ sipDomain: '192.0.2.10' }))).sipUri, 'sip:204@192.0.2.10');
    });
  });
});
