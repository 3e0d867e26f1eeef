import { createElement } from '@lwc/engine-dom';
import ClickToCall from 'c/clickToCall';

jest.mock(
    '@salesforce/apex/ClickToCallController.recentCalls',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);

describe('c-click-to-call', () => {
    beforeEach(() => {
        global.fetch = jest.fn(() => new Promise(() => {}));
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        delete global.fetch;
    });

    function mount() {
        const element = createElement('c-click-to-call', { is: ClickToCall });
        element.recordId = '00Q000000000004AAA';
        element.objectApiName = 'Lead';
        document.body.appendChild(element);
        return element;
    }

    it('titles its card with the product name', () => {
        const card = mount().shadowRoot.querySelector('lightning-card');

        expect(card.title).toBe('c.ClickToCall_CardTitle');
        expect(card.iconName).toBe('standard:call');
    });

    it("hands the page's record to the numbers and the recent calls", () => {
        const root = mount().shadowRoot;

        const numbers = root.querySelector('c-click-to-call-numbers');
        expect(numbers.recordId).toBe('00Q000000000004AAA');
        expect(numbers.objectApiName).toBe('Lead');
        expect(root.querySelector('c-click-to-call-activities').recordId).toBe('00Q000000000004AAA');
    });
});
