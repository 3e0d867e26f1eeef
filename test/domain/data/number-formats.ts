import type { NumberProblemCode } from '../../../connector/src/domain/number-problem.js';

/**
 * Real-world ways a CRM holds a phone number, each checked against libphonenumber-js 1.13 (full metadata).
 *
 * Every row is resolved with {@link FORMATS_PLAN_REGION} as the dial plan's default region and internal extensions of
 * 3 to 5 digits; `region` is the record's own country (`options.region`), or null for none.
 */
export const FORMATS_PLAN_REGION = 'US';

/** The input becomes a PSTN number. */
export interface PstnRow {
  readonly input: unknown;
  readonly region: string | null;
  readonly e164: string;
  readonly extension: string | null;
  readonly country: string | null;
  readonly numberType?: string;
}

/** The input is a short internal extension. */
export interface InternalRow {
  readonly input: unknown;
  readonly region: string | null;
  readonly internal: string;
}

/** The input is refused. */
export interface ProblemRow {
  readonly input: unknown;
  readonly region: string | null;
  readonly problem: NumberProblemCode;
}

export type FormatRow = PstnRow | InternalRow | ProblemRow;

function pstn(
  input: unknown,
  region: string | null,
  e164: string,
  country: string | null,
  more: { readonly extension?: string; readonly numberType?: string } = {},
): PstnRow {
  const numberType = more.numberType === undefined ? {} : { numberType: more.numberType };
  return { input, region, e164, extension: more.extension ?? null, country, ...numberType };
}

function internal(input: unknown, region: string | null, extension: string): InternalRow {
  return { input, region, internal: extension };
}

function refused(input: unknown, region: string | null, problem: NumberProblemCode): ProblemRow {
  return { input, region, problem };
}

const SF = '+14155552671';
const LONDON = '+442079460958';
const BERLIN = '+4930901820';
const PARIS = '+33142685300';

/** Numbers agents click every day, in the shapes CRMs store them. */
export const EVERYDAY_FORMATS: readonly FormatRow[] = [
  // United States
  pstn('(415) 555-2671', 'US', SF, 'US'),
  pstn('415-555-2671', 'US', SF, 'US'),
  pstn('415.555.2671', null, SF, 'US'),
  pstn('4155552671', null, SF, 'US'),
  pstn('1 415 555 2671', 'US', SF, 'US'),
  pstn('1-415-555-2671', null, SF, 'US'),
  pstn('+1.415.555.2671', null, SF, 'US'),
  pstn('(415)555-2671', null, SF, 'US'),
  pstn('[415] 555-2671', 'US', SF, 'US'),
  pstn('415/555-2671', 'US', SF, 'US'),
  pstn('415–555–2671', 'US', SF, 'US'),
  pstn('212 736 5000', 'US', '+12127365000', 'US'),
  pstn('202-456-1111', 'US', '+12024561111', 'US'),
  pstn('415.555.2671 x204', 'US', SF, 'US', { extension: '204' }),
  pstn('415.555.2671 ext 5', 'US', SF, 'US', { extension: '5' }),
  pstn('+1 415 555 2671 ext. 12', null, SF, 'US', { extension: '12' }),
  pstn('+1 415 555 2671 extension 7', null, SF, 'US', { extension: '7' }),
  pstn('+1 415 555 2671#12', null, SF, 'US', { extension: '12' }),
  pstn('+14155552671;ext=12', null, SF, 'US', { extension: '12' }),
  pstn('4155552671,,204', 'US', SF, 'US', { extension: '204' }),
  pstn('+1 415 555 2671 x1234567', null, SF, 'US', { extension: '1234567' }),
  pstn('tel:+14155552671', null, SF, 'US'),
  pstn('TEL:+14155552671', null, SF, 'US'),
  pstn('tel:+1-415-555-2671;ext=22', null, SF, 'US', { extension: '22' }),
  pstn('1-800-FLOWERS', 'US', '+18003569377', 'US', { numberType: 'TOLL_FREE' }),
  pstn('+1 (800) GOT-JUNK', null, '+18004685865', 'US', { numberType: 'TOLL_FREE' }),
  pstn('1-800-FLOWERS x12', 'US', '+18003569377', 'US', { extension: '12' }),
  pstn('1 900 555 1234', 'US', '+19005551234', 'US', { numberType: 'PREMIUM_RATE' }),
  pstn('011 44 20 7946 0958', 'US', LONDON, 'GB'),
  // Canada
  pstn('613 555 1234', 'CA', '+16135551234', 'CA'),
  pstn('+1 613 555 1234', null, '+16135551234', 'CA'),
  pstn('(604) 555-7123', 'CA', '+16045557123', 'CA'),
  pstn('1-416-967-1111', 'CA', '+14169671111', 'CA'),
  pstn('+1 514 555 2345', null, '+15145552345', 'CA'),
  // United Kingdom
  pstn('+44 20 7946 0958', null, LONDON, 'GB', { numberType: 'FIXED_LINE' }),
  pstn('020 7946 0958', 'GB', LONDON, 'GB'),
  pstn('020 7946 0958', 'gb', LONDON, 'GB'),
  pstn('+44 (0)20 7946 0958', null, LONDON, 'GB'),
  pstn('020 7946 0958 ext. 33', 'GB', LONDON, 'GB', { extension: '33' }),
  pstn('07400 123456', 'GB', '+447400123456', 'GB', { numberType: 'MOBILE' }),
  pstn('+44 7400 123456', null, '+447400123456', 'GB', { numberType: 'MOBILE' }),
  pstn('0161 496 0000', 'GB', '+441614960000', 'GB'),
  pstn('+44 113 496 0000', null, '+441134960000', 'GB'),
  pstn('0800 123 4567', 'GB', '+448001234567', 'GB', { numberType: 'TOLL_FREE' }),
  pstn('0909 879 0000', 'GB', '+449098790000', 'GB', { numberType: 'PREMIUM_RATE' }),
  pstn('0845 464 0000', 'GB', '+448454640000', 'GB', { numberType: 'PREMIUM_RATE' }),
  pstn('0871 234 5678', 'GB', '+448712345678', 'GB', { numberType: 'PREMIUM_RATE' }),
  // Germany
  pstn('+49 30 901820', null, BERLIN, 'DE'),
  pstn('030 901820', 'DE', BERLIN, 'DE'),
  pstn('030/901820', 'DE', BERLIN, 'DE'),
  pstn('+49 (0)30 901820', null, BERLIN, 'DE'),
  pstn('0049 30 901820', 'FR', BERLIN, 'DE'),
  pstn('0044 20 7946 0958', 'DE', LONDON, 'GB'),
  pstn('+49 89 1234567', null, '+49891234567', 'DE'),
  pstn('0151 23456789', 'DE', '+4915123456789', 'DE', { numberType: 'MOBILE' }),
  pstn('+49 30 901820 доб. 12', null, BERLIN, 'DE', { extension: '12' }),
  pstn('0900 5 123456', 'DE', '+499005123456', 'DE', { numberType: 'PREMIUM_RATE' }),
  // France
  pstn('+33 1 42 68 53 00', null, PARIS, 'FR'),
  pstn('01 42 68 53 00', 'FR', PARIS, 'FR'),
  pstn('+33 (0)1 42 68 53 00', null, PARIS, 'FR'),
  pstn('0033 1 42 68 53 00', 'DE', PARIS, 'FR'),
  pstn('06 12 34 56 78', 'FR', '+33612345678', 'FR', { numberType: 'MOBILE' }),
  pstn('0810 12 34 56', 'FR', '+33810123456', 'FR', { numberType: 'SHARED_COST' }),
  pstn('08 21 61 00 00', 'FR', '+33821610000', 'FR', { numberType: 'SHARED_COST' }),
  pstn('0899 12 34 56', 'FR', '+33899123456', 'FR', { numberType: 'PREMIUM_RATE' }),
  // India
  pstn('+91 98765 43210', null, '+919876543210', 'IN', { numberType: 'MOBILE' }),
  pstn('098765 43210', 'IN', '+919876543210', 'IN'),
  pstn('98765 43210', 'IN', '+919876543210', 'IN'),
  pstn('022 2345 6789', 'IN', '+912223456789', 'IN', { numberType: 'FIXED_LINE' }),
  pstn('+91-80-4123-4567', null, '+918041234567', 'IN'),
  // Australia
  pstn('+61 2 9374 4000', null, '+61293744000', 'AU'),
  pstn('(02) 9374 4000', 'AU', '+61293744000', 'AU'),
  pstn('0412 345 678', 'AU', '+61412345678', 'AU', { numberType: 'MOBILE' }),
  pstn('1300 975 707', 'AU', '+611300975707', 'AU', { numberType: 'SHARED_COST' }),
  pstn('1800 123 456', 'AU', '+611800123456', 'AU', { numberType: 'TOLL_FREE' }),
  pstn('1900 123 456', 'AU', '+611900123456', 'AU', { numberType: 'PREMIUM_RATE' }),
  pstn('0011 44 20 7946 0958', 'AU', LONDON, 'GB'),
  // Brazil
  pstn('+55 11 91234-5678', null, '+5511912345678', 'BR', { numberType: 'MOBILE' }),
  pstn('(11) 91234-5678', 'BR', '+5511912345678', 'BR'),
  pstn('(11) 3456-7890', 'BR', '+551134567890', 'BR', { numberType: 'FIXED_LINE' }),
  pstn('+55 21 2345-6789', null, '+552123456789', 'BR'),
  // Japan
  pstn('+81 3-1234-5678', null, '+81312345678', 'JP'),
  pstn('03-1234-5678', 'JP', '+81312345678', 'JP'),
  pstn('090-1234-5678', 'JP', '+819012345678', 'JP', { numberType: 'MOBILE' }),
  pstn('0120-123-456', 'JP', '+81120123456', 'JP', { numberType: 'TOLL_FREE' }),
  pstn('010 1 212 736 5000', 'JP', '+12127365000', 'US'),
  // More countries
  pstn('55 1234 5678', 'MX', '+525512345678', 'MX'),
  pstn('612 34 56 78', 'ES', '+34612345678', 'ES'),
  pstn('06 1234 5678', 'IT', '+390612345678', 'IT'),
  pstn('020 123 4567', 'NL', '+31201234567', 'NL'),
  pstn('+41 44 668 18 00', null, '+41446681800', 'CH'),
  pstn('+65 6123 4567', null, '+6561234567', 'SG'),
  pstn('+27 21 123 4567', null, '+27211234567', 'ZA'),
  pstn('+86 10 1234 5678', null, '+861012345678', 'CN'),
  // Non-geographic (no country)
  pstn('+800 1234 5678', null, '+80012345678', null, { numberType: 'TOLL_FREE' }),
  pstn('+882 342 1234', null, '+8823421234', null, { numberType: 'MOBILE' }),
  pstn('+870 301 234 567', null, '+870301234567', null),
  pstn('+979 1 2345 6789', null, '+979123456789', null, { numberType: 'PREMIUM_RATE' }),
  pstn('+808 1234 5678', null, '+80812345678', null, { numberType: 'SHARED_COST' }),
];

/** The same numbers after copy-paste through web pages, spreadsheets and other scripts. */
export const TEXT_QUIRKS: readonly FormatRow[] = [
  pstn('415\u00a0555\u00a02671', 'US', SF, 'US'),
  pstn('415\u202f555\u202f2671', 'US', SF, 'US'),
  pstn('415\u200b555\u200b2671', 'US', SF, 'US'),
  pstn('\u200e+1 415 555 2671', null, SF, 'US'),
  pstn('\ufeff+1 415 555 2671', null, SF, 'US'),
  pstn('４１５５５５２６７１', 'US', SF, 'US'),
  pstn('＋４４ ２０ ７９４６ ０９５８', null, LONDON, 'GB'),
  pstn('+١ ٤١٥ ٥٥٥ ٢٦٧١', null, SF, 'US'),
  pstn('  4155552671  ', null, SF, 'US'),
  pstn('\t+44 20 7946 0958 ', null, LONDON, 'GB'),
  pstn(4155552671, null, SF, 'US'),
  pstn(14155552671, null, SF, 'US'),
  internal(1234, null, '1234'),
  internal('1234', null, '1234'),
  internal(' 1234 ', null, '1234'),
  internal('１２３４', null, '1234'),
  internal('01234', null, '01234'),
];

/** Values that are not numbers, or that try to smuggle SIP syntax; all MUST be refused. */
export const HOSTILE_INPUTS: readonly FormatRow[] = [
  refused('', null, 'EMPTY'),
  refused('   ', null, 'EMPTY'),
  refused('\u00a0\t ', null, 'EMPTY'),
  refused('tel:', null, 'EMPTY'),
  refused(null, null, 'EMPTY'),
  refused(undefined, null, 'EMPTY'),
  refused(3.14, null, 'NOT_A_PHONE_NUMBER'),
  refused(-4155552671, null, 'NOT_A_PHONE_NUMBER'),
  refused(Number.NaN, null, 'NOT_A_PHONE_NUMBER'),
  refused(Number.POSITIVE_INFINITY, null, 'NOT_A_PHONE_NUMBER'),
  refused({}, null, 'NOT_A_PHONE_NUMBER'),
  refused({ number: '4155552671' }, null, 'NOT_A_PHONE_NUMBER'),
  refused(['4155552671'], null, 'NOT_A_PHONE_NUMBER'),
  refused(true, null, 'NOT_A_PHONE_NUMBER'),
  refused(Symbol('4155552671'), null, 'NOT_A_PHONE_NUMBER'),
  refused('9'.repeat(200), null, 'TOO_LONG'),
  refused(`+1 415 555 2671 ${'x'.repeat(90)}`, null, 'TOO_LONG'),
  refused('abc', null, 'NOT_A_PHONE_NUMBER'),
  refused('Call me maybe', null, 'NOT_A_PHONE_NUMBER'),
  refused('📞', null, 'INVALID_CHARACTERS'),
  refused('📞 415 555 2671', null, 'INVALID_CHARACTERS'),
  refused('++44 20 7946 0958', null, 'NOT_A_PHONE_NUMBER'),
  refused('sip:evil@attacker.com', null, 'INVALID_CHARACTERS'),
  refused('sip:+14155552671@pbx.example.com', null, 'INVALID_CHARACTERS'),
  refused('<sip:4155552671@x>', null, 'INVALID_CHARACTERS'),
  refused('+1415;transport=tcp', null, 'INVALID_CHARACTERS'),
  refused('4155552671;user=phone', null, 'INVALID_CHARACTERS'),
  refused('+1 415 555 2671;phone-context=+1', null, 'INVALID_CHARACTERS'),
  refused('4155552671@evil.com', null, 'INVALID_CHARACTERS'),
  refused('4155552671＠evil.com', null, 'INVALID_CHARACTERS'),
  refused('4155552671?Route=<sip:x>', null, 'INVALID_CHARACTERS'),
  refused('+1 415 555 2671>;lr', null, 'INVALID_CHARACTERS'),
  refused('+14155552671\r\nVia: SIP/2.0/UDP evil.com', null, 'INVALID_CHARACTERS'),
  refused('+14155552671\n', null, 'INVALID_CHARACTERS'),
  refused('4155552671\u2028', null, 'INVALID_CHARACTERS'),
  refused('4155552671\u0000', null, 'INVALID_CHARACTERS'),
  refused('%2B14155552671', null, 'INVALID_CHARACTERS'),
  refused('4155552671%40evil.com', null, 'INVALID_CHARACTERS'),
  refused('javascript:alert(1)', null, 'INVALID_CHARACTERS'),
  refused('*67 4155552671', null, 'INVALID_CHARACTERS'),
  refused('"4155552671"', null, 'INVALID_CHARACTERS'),
];

/** Shaped like numbers, but not ones anyone can dial. */
export const BROKEN_NUMBERS: readonly FormatRow[] = [
  refused('555-12', null, 'TOO_SHORT'),
  refused('12', null, 'TOO_SHORT'),
  refused('123456', null, 'TOO_SHORT'),
  refused('+1 415 555 267', null, 'TOO_SHORT'),
  refused('+1 415 555 26711', null, 'TOO_LONG'),
  refused('12345678901234567890', null, 'TOO_LONG'),
  refused('+44 20 7946 000', null, 'INVALID_NUMBER'),
  refused('+882 1234 5678', null, 'INVALID_NUMBER'),
  refused('+999 1234', null, 'INVALID_COUNTRY'),
  refused('030 901820', null, 'TOO_SHORT'),
  refused('0044 20 7946 0958', 'US', 'TOO_LONG'),
  refused('1-800-FLOWER', null, 'NOT_A_PHONE_NUMBER'),
  refused('4155552671 (cell)', null, 'NOT_A_PHONE_NUMBER'),
  refused('4155552671 or 4155552672', null, 'NOT_A_PHONE_NUMBER'),
  refused('+1 415 555 2671 x', null, 'NOT_A_PHONE_NUMBER'),
  refused('x204', null, 'NOT_A_PHONE_NUMBER'),
];
