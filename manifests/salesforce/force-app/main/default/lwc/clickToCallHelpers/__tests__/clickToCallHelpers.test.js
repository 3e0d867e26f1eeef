import { callDirection, errorMessage, formatDuration, formatLabel, numberVerdict } from 'c/clickToCallHelpers';

describe('formatDuration', () => {
    it.each([
        [0, '0:00'],
        [5, '0:05'],
        [65, '1:05'],
        [59.6, '1:00'],
        [3599, '59:59'],
        [3600, '1:00:00'],
        [3725, '1:02:05'],
        [36000, '10:00:00']
    ])('shows %p seconds as %p', (seconds, shown) => {
        expect(formatDuration(seconds)).toBe(shown);
    });

    it.each([[null], [undefined], [-1], [Number.NaN], ['65']])('leaves an unknown duration (%p) blank', (seconds) => {
        expect(formatDuration(seconds)).toBe('');
    });
});

describe('numberVerdict', () => {
    it('offers a number the connector calls dialable', () => {
        expect(numberVerdict({ dialable: true, policy: { allowed: true } })).toEqual({
            dialable: true,
            text: 'c.ClickToCall_VerdictDialable',
            detail: '',
            tone: 'success'
        });
    });

    it('refuses a Do-Not-Call number with the policy reason', () => {
        const reason = 'This contact asked not to be called (Do Not Call is set in the CRM).';
        expect(numberVerdict({ dialable: false, policy: { allowed: false, code: 'DO_NOT_CALL', reason }, problem: null })).toEqual({
            dialable: false,
            text: 'c.ClickToCall_VerdictDoNotCall',
            detail: reason,
            tone: 'error'
        });
    });

    it.each(['PREMIUM_RATE', 'SHARED_COST', 'COUNTRY_NOT_ALLOWED'])('calls a %s refusal a blocked destination', (code) => {
        const verdict = numberVerdict({ dialable: false, policy: { allowed: false, code, reason: 'why' }, problem: null });
        expect(verdict).toEqual({ dialable: false, text: 'c.ClickToCall_VerdictBlocked', detail: 'why', tone: 'warning' });
    });

    it("shows a number's problem even when the connector gives no policy", () => {
        const verdict = numberVerdict({ dialable: false, policy: null, problem: { code: 'TOO_SHORT', message: 'too short' } });
        expect(verdict).toEqual({ dialable: false, text: 'c.ClickToCall_VerdictUnusable', detail: 'too short', tone: 'error' });
    });

    it('never offers a number the connector did not call dialable', () => {
        expect(numberVerdict({ dialable: false, policy: { allowed: true }, problem: null }).dialable).toBe(false);
        expect(numberVerdict({}).dialable).toBe(false);
    });
});

describe('callDirection', () => {
    it.each([
        ['Inbound', 'c.ClickToCall_DirectionInbound'],
        ['Outbound', 'c.ClickToCall_DirectionOutbound'],
        ['Internal', 'c.ClickToCall_DirectionInternal'],
        [undefined, ''],
        ['Sideways', '']
    ])('words CallType %p as %p', (callType, words) => {
        expect(callDirection(callType)).toBe(words);
    });
});

describe('errorMessage', () => {
    it("reads an Apex error's body message", () => {
        expect(errorMessage({ body: { message: 'No access' } })).toBe('No access');
    });

    it('joins the messages of a list of bodies', () => {
        expect(errorMessage({ body: [{ message: 'First' }, { message: 'Second' }] })).toBe('First, Second');
    });

    it("falls back to a thrown error's message", () => {
        expect(errorMessage(new Error('Boom'))).toBe('Boom');
    });

    it('never answers an empty message', () => {
        expect(errorMessage(undefined)).toBe('c.ClickToCall_UnknownError');
        expect(errorMessage({ body: { message: '' } })).toBe('c.ClickToCall_UnknownError');
    });
});

describe('formatLabel', () => {
    it('fills numbered placeholders and leaves ones without a value', () => {
        expect(formatLabel('{0} of {1}, {2}', 'one', 2)).toBe('one of 2, {2}');
    });
});
