import { clearSession, currentToken, fetchRecordNumbers, isSignInNeeded, signIn } from 'c/clickToCallHelpers';

jest.mock('c/clickToCallConfig', () => ({ CONNECTOR_URL: 'https://cti.example.com/cti' }));

const CONNECTOR_ORIGIN = 'https://cti.example.com';
const SESSION_KEY = 'clickToCall:session';
const AGENT = { id: 'maria', name: 'Maria Gonzalez', role: 'agent' };
const MINUTE = 60 * 1000;

function session({ token = 'token-1', expiresInMs = 15 * MINUTE, refreshForMs = 8 * 60 * MINUTE } = {}) {
    const now = Date.now();
    return { token, expiresAt: now + expiresInMs, refreshUntil: now + refreshForMs, agent: AGENT };
}

function store(value) {
    window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
}

function answer(status, body) {
    return Promise.resolve({ ok: status >= 200 && status < 300, status, json: () => Promise.resolve(body) });
}

function post(data, origin = CONNECTOR_ORIGIN) {
    window.dispatchEvent(new MessageEvent('message', { data, origin }));
}

function isoIn(ms) {
    return new Date(Date.now() + ms).toISOString();
}

function sessionMessage(token) {
    return { type: 'click-to-call:session', token, expiresAt: isoIn(15 * MINUTE), refreshUntil: isoIn(60 * MINUTE), agent: AGENT };
}

describe('the connector session', () => {
    beforeEach(() => {
        global.fetch = jest.fn();
        clearSession();
    });

    afterEach(() => {
        post({ type: 'click-to-call:sign-in-error', message: 'test over' });
        clearSession();
        delete global.fetch;
        jest.restoreAllMocks();
        jest.useRealTimers();
    });

    describe('currentToken', () => {
        it('hands out the stored token while more than a minute is left, without asking the connector', async () => {
            store(session({ token: 'token-1', expiresInMs: 2 * MINUTE }));

            expect(await currentToken()).toBe('token-1');
            expect(global.fetch).not.toHaveBeenCalled();
        });

        it('has no token without a session, or when what is stored is unreadable', async () => {
            expect(await currentToken()).toBeNull();
            window.sessionStorage.setItem(SESSION_KEY, '{"token":"half');
            expect(await currentToken()).toBeNull();
            clearSession();
            store({ token: 'token-1', expiresAt: 'soon', refreshUntil: Date.now() + MINUTE, agent: AGENT });
            expect(await currentToken()).toBeNull();
            expect(global.fetch).not.toHaveBeenCalled();
        });

        it('forgets an expired session', async () => {
            store(session({ expiresInMs: -1000 }));

            expect(await currentToken()).toBeNull();
            expect(window.sessionStorage.getItem(SESSION_KEY)).toBeNull();
            expect(global.fetch).not.toHaveBeenCalled();
        });

        it('refreshes once for callers asking together, under the connector path prefix', async () => {
            store(session({ token: 'old', expiresInMs: 45 * 1000 }));
            global.fetch.mockReturnValue(answer(200, sessionMessage('new')));

            expect(await Promise.all([currentToken(), currentToken()])).toEqual(['new', 'new']);
            expect(global.fetch).toHaveBeenCalledTimes(1);
            expect(global.fetch.mock.calls[0][0]).toBe('https://cti.example.com/cti/api/v1/auth/refresh');
            expect(await currentToken()).toBe('new');
            expect(global.fetch).toHaveBeenCalledTimes(1);
        });

        it('ends the session when the connector refuses the refresh', async () => {
            store(session({ token: 'old', expiresInMs: 45 * 1000 }));
            global.fetch.mockReturnValue(answer(401, { error: { code: 'SESSION_EXPIRED', message: 'signed out' } }));

            expect(await currentToken()).toBeNull();
            expect(window.sessionStorage.getItem(SESSION_KEY)).toBeNull();
        });

        it('keeps using the still valid token when the refresh gets no answer', async () => {
            store(session({ token: 'old', expiresInMs: 45 * 1000 }));
            global.fetch.mockReturnValue(Promise.reject(new TypeError('Failed to fetch')));

            expect(await currentToken()).toBe('old');
            expect(JSON.parse(window.sessionStorage.getItem(SESSION_KEY)).token).toBe('old');
        });

        it('does not ask for a refresh the session no longer allows', async () => {
            store(session({ token: 'last', expiresInMs: 45 * 1000, refreshForMs: 45 * 1000 }));

            expect(await currentToken()).toBe('last');
            expect(global.fetch).not.toHaveBeenCalled();
        });

        it('keeps the session in memory for the page when the browser refuses storage', async () => {
            jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
                throw new DOMException('denied', 'SecurityError');
            });
            jest.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
                throw new DOMException('denied', 'SecurityError');
            });
            jest.spyOn(window, 'open').mockReturnValue({ closed: false, close: jest.fn() });
            const signedIn = signIn();
            post(sessionMessage('in-memory'));
            await signedIn;

            expect(await currentToken()).toBe('in-memory');
        });
    });

    describe('signIn', () => {
        it('opens the start page under the connector path prefix and reads only messages from its origin', async () => {
            const open = jest.spyOn(window, 'open').mockReturnValue({ closed: false, close: jest.fn() });
            const signedIn = signIn();

            expect(open.mock.calls[0][0]).toBe(
                `https://cti.example.com/cti/auth/salesforce/start?return=${encodeURIComponent(window.location.origin)}`
            );
            post(sessionMessage('forged'), 'https://evil.example.net');
            post({ type: 'something-else' });
            post(sessionMessage('real'));

            await expect(signedIn).resolves.toMatchObject({ token: 'real', agent: AGENT });
            expect(await currentToken()).toBe('real');
        });

        it('refuses a session message it cannot read, keeping nothing', async () => {
            jest.spyOn(window, 'open').mockReturnValue({ closed: false, close: jest.fn() });
            const signedIn = signIn();
            post({ type: 'click-to-call:session', token: '', agent: AGENT });

            await expect(signedIn).rejects.toThrow('c.ClickToCall_SignInFailed');
            expect(await currentToken()).toBeNull();
        });

        it('gives up and closes the popup after the ten minutes the connector allows', async () => {
            jest.useFakeTimers();
            const popup = { closed: false, close: jest.fn() };
            jest.spyOn(window, 'open').mockReturnValue(popup);
            const signedIn = signIn();
            const outcome = signedIn.catch((error) => error);

            await jest.advanceTimersByTimeAsync(10 * MINUTE - 1000);
            expect(popup.close).not.toHaveBeenCalled();
            await jest.advanceTimersByTimeAsync(1000);

            expect((await outcome).message).toBe('c.ClickToCall_SignInTimeout');
            expect(popup.close).toHaveBeenCalled();
        });
    });

    describe('fetchRecordNumbers', () => {
        it('asks nothing without a session and rejects with a sign-in-needed error', async () => {
            const failure = await fetchRecordNumbers('Contact', '003000000000001AAA').catch((error) => error);

            expect(isSignInNeeded(failure)).toBe(true);
            expect(global.fetch).not.toHaveBeenCalled();
        });

        it('calls a refused request a failure to show, not a sign-in, when the token was accepted but access was not', async () => {
            store(session());
            global.fetch.mockReturnValue(answer(403, { error: { code: 'AGENT_DISABLED', message: 'This agent is disabled.' } }));

            const failure = await fetchRecordNumbers('Contact', '003000000000001AAA').catch((error) => error);

            expect(isSignInNeeded(failure)).toBe(false);
            expect(failure.message).toBe('This agent is disabled.');
        });
    });
});
