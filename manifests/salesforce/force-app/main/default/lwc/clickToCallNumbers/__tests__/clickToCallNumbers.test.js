import { createElement } from '@lwc/engine-dom';
import ClickToCallNumbers from 'c/clickToCallNumbers';
import { CONNECTOR_URL } from 'c/clickToCallConfig';

const DIALABLE = require('./data/numbersDialable.json');
const DO_NOT_CALL = require('./data/numbersDoNotCall.json');
const BLOCKED_AND_UNUSABLE = require('./data/numbersBlockedAndUnusable.json');
const NONE = require('./data/numbersNone.json');
const NOT_FOUND = require('./data/recordNotFound.json');

jest.mock(
    '@salesforce/label/c.ClickToCall_NumbersError',
    () => ({ default: 'Could not load the phone numbers: {0}' }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ClickToCall_ConnectorStatus',
    () => ({ default: 'The connector answered with HTTP status {0}.' }),
    { virtual: true }
);

function answer(status, body) {
    return Promise.resolve({ ok: status >= 200 && status < 300, status, json: () => Promise.resolve(body) });
}

function mount(objectApiName, recordId) {
    const element = createElement('c-click-to-call-numbers', { is: ClickToCallNumbers });
    element.objectApiName = objectApiName;
    element.recordId = recordId;
    document.body.appendChild(element);
    return element;
}

// Lets the fetch promise chain and the re-render that follows it finish.
function settle() {
    return new Promise((resolve) => setTimeout(resolve, 0));
}

function rows(element) {
    return [...element.shadowRoot.querySelectorAll('li')].map((li) => ({
        field: li.dataset.field,
        label: li.querySelector('.field-label').textContent,
        dial: li.querySelector('lightning-click-to-dial')?.value ?? null,
        plain: li.querySelector('.number')?.textContent ?? null,
        verdict: li.querySelector('lightning-badge').label,
        tone: [...li.querySelector('lightning-badge').classList].find((name) => name.startsWith('slds-theme_')),
        detail: li.querySelector('.detail')?.textContent ?? null
    }));
}

describe('c-click-to-call-numbers', () => {
    beforeEach(() => {
        global.fetch = jest.fn();
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        delete global.fetch;
    });

    it("asks the connector for the record's numbers, without credentials", async () => {
        global.fetch.mockReturnValue(answer(200, DIALABLE));
        mount('Contact', '003000000000001AAA');
        await settle();

        expect(global.fetch).toHaveBeenCalledTimes(1);
        const [url, init] = global.fetch.mock.calls[0];
        expect(url).toBe(`${CONNECTOR_URL}/api/v1/records/Contact/003000000000001AAA/numbers`);
        expect(init.credentials).toBe('omit');
    });

    it('asks nothing and shows no error without a record (the App Builder preview)', async () => {
        const element = mount('Contact', undefined);
        await settle();

        expect(global.fetch).not.toHaveBeenCalled();
        expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
        expect(element.shadowRoot.querySelector('[role="alert"]')).toBeNull();
    });

    it('shows a spinner with a spoken label while the numbers load', () => {
        global.fetch.mockReturnValue(new Promise(() => {}));
        const element = mount('Contact', '003000000000001AAA');

        const spinner = element.shadowRoot.querySelector('lightning-spinner');
        expect(spinner).not.toBeNull();
        expect(spinner.alternativeText).toBe('c.ClickToCall_NumbersLoading');
        expect(element.shadowRoot.querySelector('ul')).toBeNull();
    });

    it('offers every dialable number through click-to-dial, with the record id and a "can call" verdict', async () => {
        global.fetch.mockReturnValue(answer(200, DIALABLE));
        const element = mount('Contact', '003000000000001AAA');
        await settle();

        expect(rows(element)).toEqual([
            { field: 'Phone', label: 'Phone', dial: '(415) 555-2671 x204', plain: null, verdict: 'c.ClickToCall_VerdictDialable', tone: 'slds-theme_success', detail: null },
            { field: 'MobilePhone', label: 'Mobile', dial: '+1 650-253-0000', plain: null, verdict: 'c.ClickToCall_VerdictDialable', tone: 'slds-theme_success', detail: null }
        ]);
        const dialers = element.shadowRoot.querySelectorAll('lightning-click-to-dial');
        expect([...dialers].map((dialer) => dialer.recordId)).toEqual(['003000000000001AAA', '003000000000001AAA']);
        expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    });

    it('marks every number of a Do-Not-Call record and offers none of them for dialling', async () => {
        global.fetch.mockReturnValue(answer(200, DO_NOT_CALL));
        const element = mount('Contact', '003000000000008AAA');
        await settle();

        expect(rows(element)).toEqual([
            {
                field: 'Phone',
                label: 'Phone',
                dial: null,
                plain: '(02) 9374 4000',
                verdict: 'c.ClickToCall_VerdictDoNotCall',
                tone: 'slds-theme_error',
                detail: 'This contact asked not to be called (Do Not Call is set in the CRM).'
            }
        ]);
    });

    it("shows a blocked destination and a field that holds no number, each with the connector's reason", async () => {
        global.fetch.mockReturnValue(answer(200, BLOCKED_AND_UNUSABLE));
        const element = mount('Lead', '00Q000000000004AAA');
        await settle();

        expect(rows(element)).toEqual([
            {
                field: 'Phone',
                label: 'Phone',
                dial: null,
                plain: '0909 879 0000',
                verdict: 'c.ClickToCall_VerdictBlocked',
                tone: 'slds-theme_warning',
                detail: '+44 909 879 0000 is a premium-rate number; calls to it are blocked.'
            },
            {
                field: 'MobilePhone',
                label: 'Mobile',
                dial: null,
                plain: 'ask reception',
                verdict: 'c.ClickToCall_VerdictUnusable',
                tone: 'slds-theme_error',
                detail: '"ask reception" is not a phone number; enter a phone number in the CRM record.'
            }
        ]);
    });

    it('says so when the record has no phone numbers', async () => {
        global.fetch.mockReturnValue(answer(200, NONE));
        const element = mount('Account', '001000000000002AAA');
        await settle();

        expect(element.shadowRoot.querySelector('ul')).toBeNull();
        expect(element.shadowRoot.querySelector('.empty').textContent).toBe('c.ClickToCall_NoNumbers');
    });

    it("announces the connector's own error message as an alert", async () => {
        global.fetch.mockReturnValue(answer(404, NOT_FOUND));
        const element = mount('Contact', '003000000000009AAA');
        await settle();

        const alert = element.shadowRoot.querySelector('[role="alert"]');
        expect(alert.textContent).toBe(
            'Could not load the phone numbers: No Contact with id 003000000000009AAA exists in the CRM, or the connector cannot see it.'
        );
        expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    });

    it('says the connector cannot be reached when the request fails (network, CORS, certificate)', async () => {
        global.fetch.mockReturnValue(Promise.reject(new TypeError('Failed to fetch')));
        const element = mount('Contact', '003000000000001AAA');
        await settle();

        expect(element.shadowRoot.querySelector('[role="alert"]').textContent).toBe(
            'Could not load the phone numbers: c.ClickToCall_ConnectorUnreachable'
        );
    });

    it('names the HTTP status when the connector fails without a JSON error', async () => {
        global.fetch.mockReturnValue(
            Promise.resolve({ ok: false, status: 502, json: () => Promise.reject(new SyntaxError('Unexpected token <')) })
        );
        const element = mount('Contact', '003000000000001AAA');
        await settle();

        expect(element.shadowRoot.querySelector('[role="alert"]').textContent).toBe(
            'Could not load the phone numbers: The connector answered with HTTP status 502.'
        );
    });

    it('loads the numbers of the next record when the page shows another one, keeping only the latest answer', async () => {
        let answerFirst;
        global.fetch
            .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
            .mockReturnValueOnce(answer(200, DO_NOT_CALL));
        const element = mount('Contact', '003000000000001AAA');
        element.recordId = '003000000000008AAA';
        await settle();
        answerFirst({ ok: true, status: 200, json: () => Promise.resolve(DIALABLE) });
        await settle();

        expect(global.fetch.mock.calls.map(([url]) => url.split('/records/')[1])).toEqual([
            'Contact/003000000000001AAA/numbers',
            'Contact/003000000000008AAA/numbers'
        ]);
        expect(rows(element).map((row) => row.verdict)).toEqual(['c.ClickToCall_VerdictDoNotCall']);
    });

    it('labels the list of numbers for screen readers', async () => {
        global.fetch.mockReturnValue(answer(200, DIALABLE));
        const element = mount('Contact', '003000000000001AAA');
        await settle();

        expect(element.shadowRoot.querySelector('ul').getAttribute('aria-label')).toBe('c.ClickToCall_NumbersHeading');
        expect(element.shadowRoot.querySelector('h3').textContent).toBe('c.ClickToCall_NumbersHeading');
    });
});
