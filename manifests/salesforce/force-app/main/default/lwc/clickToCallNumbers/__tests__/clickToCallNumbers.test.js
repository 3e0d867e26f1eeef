import { createElement } from '@lwc/engine-dom';
import ClickToCallNumbers from 'c/clickToCallNumbers';
import { clearSession } from 'c/clickToCallHelpers';

const CONNECTOR_URL = 'https://cti.example.com';
const SESSION_KEY = 'clickToCall:session';
const AGENT = { id: 'maria', name: 'Maria Gonzalez', role: 'agent' };

const DIALABLE = require('./data/numbersDialable.json');
const DO_NOT_CALL = require('./data/numbersDoNotCall.json');
const BLOCKED_AND_UNUSABLE = require('./data/numbersBlockedAndUnusable.json');
const NONE = require('./data/numbersNone.json');
const NOT_FOUND = require('./data/recordNotFound.json');

jest.mock('c/clickToCallConfig', () => ({ CONNECTOR_URL: 'https://cti.example.com' }));
jest.mock('@salesforce/label/c.ClickToCall_SignInError', () => ({ default: 'Could not sign in: {0}' }), { virtual: true });
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

/** Stores a session for this tab the way a finished sign-in leaves it, expiring `expiresInMs` from now. */
function signedIn({ token = 'session-token-1', expiresInMs = 15 * 60 * 1000, refreshForMs = 8 * 60 * 60 * 1000 } = {}) {
    const now = Date.now();
    window.sessionStorage.setItem(
        SESSION_KEY,
        JSON.stringify({ token, expiresAt: now + expiresInMs, refreshUntil: now + refreshForMs, agent: AGENT })
    );
}

function sessionMessage(token = 'session-token-2') {
    return {
        type: 'click-to-call:session',
        token,
        expiresAt: new Date(Date.now() + 15 * 60 * 1000).toISOString(),
        refreshUntil: new Date(Date.now() + 8 * 60 * 60 * 1000).toISOString(),
        agent: AGENT
    };
}

function post(data, origin = CONNECTOR_URL) {
    window.dispatchEvent(new MessageEvent('message', { data, origin }));
}

function fakePopup() {
    return { closed: false, close: jest.fn() };
}

function signInButton(element) {
    return element.shadowRoot.querySelector('lightning-button');
}

function alertText(element) {
    return element.shadowRoot.querySelector('[role="alert"]')?.textContent ?? null;
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
        clearSession();
        signedIn();
    });

    afterEach(() => {
        // Ends a sign-in a test left waiting, so its listener cannot read the next test's messages.
        post({ type: 'click-to-call:sign-in-error', message: 'test over' });
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        delete global.fetch;
        clearSession();
        jest.restoreAllMocks();
        jest.useRealTimers();
    });

    it("asks the connector for the record's numbers with the agent's session token and no cookies", async () => {
        global.fetch.mockReturnValue(answer(200, DIALABLE));
        mount('Contact', '003000000000001AAA');
        await settle();

        expect(global.fetch).toHaveBeenCalledTimes(1);
        const [url, init] = global.fetch.mock.calls[0];
        expect(url).toBe(`${CONNECTOR_URL}/api/v1/records/Contact/003000000000001AAA/numbers`);
        expect(init.credentials).toBe('omit');
        expect(init.headers.Authorization).toBe('Bearer session-token-1');
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

    describe('signing in to the connector', () => {
        beforeEach(() => {
            clearSession();
        });

        it('shows a short text and a sign-in button, and asks the connector nothing, without a session', async () => {
            const element = mount('Contact', '003000000000001AAA');
            await settle();

            expect(global.fetch).not.toHaveBeenCalled();
            expect(element.shadowRoot.querySelector('.sign-in-text').textContent).toBe('c.ClickToCall_SignInNeeded');
            expect(signInButton(element).label).toBe('c.ClickToCall_SignInButton');
            expect(signInButton(element).disabled).toBe(false);
            expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
            expect(element.shadowRoot.querySelector('ul')).toBeNull();
            expect(alertText(element)).toBeNull();
        });

        it("opens the connector's Salesforce sign-in in a popup, from the click, returning to this page's origin", async () => {
            const open = jest.spyOn(window, 'open').mockReturnValue(fakePopup());
            const element = mount('Contact', '003000000000001AAA');
            await settle();

            signInButton(element).click();

            expect(open).toHaveBeenCalledTimes(1);
            expect(open).toHaveBeenCalledWith(
                `${CONNECTOR_URL}/auth/salesforce/start?return=${encodeURIComponent('http://localhost')}`,
                'click-to-call-sign-in',
                'popup,width=520,height=640'
            );
            await settle();
            expect(signInButton(element).disabled).toBe(true);
            expect(element.shadowRoot.querySelector('.sign-in-text').textContent).toBe('c.ClickToCall_SigningIn');
        });

        it("loads the numbers with the new session's bearer token once the popup posts the session", async () => {
            jest.spyOn(window, 'open').mockReturnValue(fakePopup());
            global.fetch.mockReturnValue(answer(200, DIALABLE));
            const element = mount('Contact', '003000000000001AAA');
            await settle();
            signInButton(element).click();

            post(sessionMessage('session-token-2'));
            await settle();

            expect(global.fetch).toHaveBeenCalledTimes(1);
            const [url, init] = global.fetch.mock.calls[0];
            expect(url).toBe(`${CONNECTOR_URL}/api/v1/records/Contact/003000000000001AAA/numbers`);
            expect(init.headers.Authorization).toBe('Bearer session-token-2');
            expect(init.credentials).toBe('omit');
            expect(rows(element).map((row) => row.dial)).toEqual(['(415) 555-2671 x204', '+1 650-253-0000']);
            expect(signInButton(element)).toBeNull();
            expect(JSON.parse(window.sessionStorage.getItem(SESSION_KEY)).token).toBe('session-token-2');
        });

        it('ignores a session posted from any origin but the connector', async () => {
            jest.spyOn(window, 'open').mockReturnValue(fakePopup());
            global.fetch.mockReturnValue(answer(200, DIALABLE));
            const element = mount('Contact', '003000000000001AAA');
            await settle();
            signInButton(element).click();

            post(sessionMessage('forged-token'), 'https://evil.example.net');
            post(sessionMessage('forged-token'), 'https://cti.example.com.evil.example.net');
            await settle();

            expect(global.fetch).not.toHaveBeenCalled();
            expect(signInButton(element).disabled).toBe(true);
            expect(window.sessionStorage.getItem(SESSION_KEY)).toBeNull();

            post(sessionMessage('session-token-2'));
            await settle();
            expect(global.fetch.mock.calls[0][1].headers.Authorization).toBe('Bearer session-token-2');
        });

        it("shows the connector's sign-in error in the error line and lets the agent try again", async () => {
            jest.spyOn(window, 'open').mockReturnValue(fakePopup());
            const element = mount('Contact', '003000000000001AAA');
            await settle();
            signInButton(element).click();

            post({
                type: 'click-to-call:sign-in-error',
                code: 'NO_AGENT_FOR_CRM_USER',
                message: 'Your Salesforce user has no agent profile on the connector; ask your admin to add one.'
            });
            await settle();

            expect(alertText(element)).toBe(
                'Could not sign in: Your Salesforce user has no agent profile on the connector; ask your admin to add one.'
            );
            expect(signInButton(element).disabled).toBe(false);
            expect(global.fetch).not.toHaveBeenCalled();
        });

        it('says the browser blocked the sign-in window when no popup opens', async () => {
            jest.spyOn(window, 'open').mockReturnValue(null);
            const element = mount('Contact', '003000000000001AAA');
            await settle();

            signInButton(element).click();
            await settle();

            expect(alertText(element)).toBe('Could not sign in: c.ClickToCall_SignInPopupBlocked');
            expect(signInButton(element).disabled).toBe(false);
        });

        it('says so when the agent closes the sign-in window without signing in', async () => {
            const popup = fakePopup();
            jest.spyOn(window, 'open').mockReturnValue(popup);
            const element = mount('Contact', '003000000000001AAA');
            await settle();
            jest.useFakeTimers();
            signInButton(element).click();

            await jest.advanceTimersByTimeAsync(1500);
            expect(alertText(element)).toBeNull();
            popup.closed = true;
            await jest.advanceTimersByTimeAsync(1500);

            expect(alertText(element)).toBe('Could not sign in: c.ClickToCall_SignInClosed');
            expect(signInButton(element).disabled).toBe(false);
        });

        it('returns to the sign-in button, forgetting the session, when the connector refuses the token (401)', async () => {
            signedIn({ token: 'ended-token' });
            global.fetch.mockReturnValue(
                answer(401, { error: { code: 'SESSION_EXPIRED', message: 'Your session has ended; sign in again.' } })
            );
            const element = mount('Contact', '003000000000001AAA');
            await settle();

            expect(global.fetch.mock.calls[0][1].headers.Authorization).toBe('Bearer ended-token');
            expect(signInButton(element)).not.toBeNull();
            expect(element.shadowRoot.querySelector('.sign-in-text').textContent).toBe('c.ClickToCall_SignInNeeded');
            expect(alertText(element)).toBeNull();
            expect(window.sessionStorage.getItem(SESSION_KEY)).toBeNull();
        });

        it('refreshes a token with less than a minute left before loading, and loads with the new one', async () => {
            signedIn({ token: 'old-token', expiresInMs: 30 * 1000 });
            const renewed = sessionMessage('new-token');
            global.fetch.mockReturnValueOnce(answer(200, renewed)).mockReturnValueOnce(answer(200, DIALABLE));
            const element = mount('Contact', '003000000000001AAA');
            await settle();

            expect(global.fetch).toHaveBeenCalledTimes(2);
            const [refreshUrl, refreshInit] = global.fetch.mock.calls[0];
            expect(refreshUrl).toBe(`${CONNECTOR_URL}/api/v1/auth/refresh`);
            expect(refreshInit.method).toBe('POST');
            expect(refreshInit.credentials).toBe('omit');
            expect(refreshInit.headers.Authorization).toBe('Bearer old-token');
            expect(global.fetch.mock.calls[1][1].headers.Authorization).toBe('Bearer new-token');
            expect(rows(element)).toHaveLength(2);
            expect(JSON.parse(window.sessionStorage.getItem(SESSION_KEY)).token).toBe('new-token');
        });

        it('asks the agent to sign in again once the session can no longer be refreshed', async () => {
            signedIn({ token: 'old-token', expiresInMs: 30 * 1000, refreshForMs: 30 * 1000 });
            global.fetch.mockReturnValue(answer(200, DIALABLE));
            jest.useFakeTimers({ now: Date.now() });
            const element = mount('Contact', '003000000000001AAA');
            await jest.advanceTimersByTimeAsync(0);
            expect(global.fetch.mock.calls.map(([url]) => url)).toEqual([
                `${CONNECTOR_URL}/api/v1/records/Contact/003000000000001AAA/numbers`
            ]);

            jest.setSystemTime(Date.now() + 31 * 1000);
            element.recordId = '003000000000008AAA';
            await jest.advanceTimersByTimeAsync(0);

            expect(global.fetch).toHaveBeenCalledTimes(1);
            expect(signInButton(element)).not.toBeNull();
        });
    });
});
