import { createElement } from '@lwc/engine-dom';
import ClickToCallActivities from 'c/clickToCallActivities';
import recentCalls from '@salesforce/apex/ClickToCallController.recentCalls';
import { refreshApex } from '@salesforce/apex';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';

const RECENT_CALLS = require('./data/recentCalls.json');

jest.mock(
    '@salesforce/apex/ClickToCallController.recentCalls',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
jest.mock(
    '@salesforce/label/c.ClickToCall_CallsError',
    () => ({ default: 'Could not load the recent calls: {0}' }),
    { virtual: true }
);

function mount() {
    const element = createElement('c-click-to-call-activities', { is: ClickToCallActivities });
    element.recordId = '003000000000001AAA';
    document.body.appendChild(element);
    return element;
}

function rerendered() {
    return Promise.resolve();
}

function shownCalls(element) {
    return [...element.shadowRoot.querySelectorAll('li')].map((li) => ({
        id: li.dataset.id,
        when: li.querySelector('.when').value,
        direction: li.querySelector('.direction').textContent,
        result: li.querySelector('.result').textContent,
        duration: li.querySelector('.duration').textContent,
        notes: li.querySelector('.notes').textContent
    }));
}

describe('c-click-to-call-activities', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('reloads the calls when Lightning refreshes the page (the softphone does once a call is logged)', async () => {
        const element = mount();
        recentCalls.emit(RECENT_CALLS);
        await rerendered();

        expect(registerRefreshHandler).toHaveBeenCalledTimes(1);
        const [registeredOn, handler] = registerRefreshHandler.mock.calls[0];
        await handler.call(registeredOn);
        expect(refreshApex).toHaveBeenCalledTimes(1);
        expect(refreshApex.mock.calls[0][0].data).toEqual(RECENT_CALLS);

        document.body.removeChild(element);
        expect(unregisterRefreshHandler).toHaveBeenCalledWith(registerRefreshHandler.mock.results[0].value);
    });

    it('asks Apex for the calls of the page record', async () => {
        mount();
        await rerendered();

        expect(recentCalls.getLastConfig()).toEqual({ recordId: '003000000000001AAA' });
    });

    it('shows a spinner with a spoken label until the calls arrive', () => {
        const element = mount();

        expect(element.shadowRoot.querySelector('lightning-spinner').alternativeText).toBe('c.ClickToCall_CallsLoading');
        expect(element.shadowRoot.querySelector('ul')).toBeNull();
    });

    it("lists each call newest first with when, direction, result, talk time and the agent's notes", async () => {
        const element = mount();
        recentCalls.emit(RECENT_CALLS);
        await rerendered();

        expect(shownCalls(element)).toEqual([
            {
                id: '00T000000000002AAA',
                when: '2026-11-23T10:15:30.000Z',
                direction: 'c.ClickToCall_DirectionOutbound',
                result: 'Left a voicemail',
                duration: '1:02:05',
                notes: 'Asked for a call back on Tuesday.\n\nCall-ID: a84b4c76e66710@pc33'
            },
            {
                id: '00T000000000001AAA',
                when: '2026-11-20T08:01:02.000Z',
                direction: 'c.ClickToCall_DirectionInbound',
                result: 'Answered',
                duration: '1:05',
                notes: ''
            }
        ]);
        expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    });

    it('names every detail of a call for screen readers (a term before each value)', async () => {
        const element = mount();
        recentCalls.emit(RECENT_CALLS);
        await rerendered();

        const terms = [...element.shadowRoot.querySelector('li dl').querySelectorAll('dt')].map((dt) => dt.textContent);
        expect(terms).toEqual([
            'c.ClickToCall_CallDirection',
            'c.ClickToCall_CallResult',
            'c.ClickToCall_CallDuration',
            'c.ClickToCall_CallNotes'
        ]);
        expect(element.shadowRoot.querySelector('ul').getAttribute('aria-label')).toBe('c.ClickToCall_CallsHeading');
    });

    it('says so when the record has no calls yet', async () => {
        const element = mount();
        recentCalls.emit([]);
        await rerendered();

        expect(element.shadowRoot.querySelector('ul')).toBeNull();
        expect(element.shadowRoot.querySelector('.empty').textContent).toBe('c.ClickToCall_NoCalls');
    });

    it("announces Apex's error message as an alert", async () => {
        const element = mount();
        recentCalls.error({ message: 'Insufficient access rights on cross-reference id' });
        await rerendered();

        expect(element.shadowRoot.querySelector('[role="alert"]').textContent).toBe(
            'Could not load the recent calls: Insufficient access rights on cross-reference id'
        );
        expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
        expect(element.shadowRoot.querySelector('ul')).toBeNull();
    });
});
