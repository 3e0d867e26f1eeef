import assert from 'node:assert/strict';
import { chooseHost, readHostPlace, type HostName, type HostPlace } from '../../../widget/src/hosts/choose-host.js';

const WIDGET = 'https://phone.example.com/widget/';
const SALESFORCE_FRAME = `${WIDGET}?mode=Lightning&isdtp=vw&sfdcIframeOrigin=https%3A%2F%2Facme.lightning.force.com&clc=1&nonce=9f2c`;

function place(overrides: Partial<HostPlace>): HostPlace {
  return { url: WIDGET, framed: false, ancestorOrigins: [], referrer: '', ...overrides };
}

describe('chooseHost', () => {
  const table: [string, HostPlace, HostName][] = [
    ['a page of its own', place({}), 'page'],
    ['the embed script on a CRM page', place({ url: 'https://crm.example.com/contacts/42', referrer: 'https://crm.example.com/' }), 'page'],
    ['the Salesforce utility bar (sfdcIframeOrigin)', place({ url: SALESFORCE_FRAME, framed: true, ancestorOrigins: ['https://acme.lightning.force.com'] }), 'salesforce-opencti'],
    ['a Salesforce Classic frame (sfdcIFrameOrigin)', place({ url: `${WIDGET}?sfdcIFrameOrigin=https%3A%2F%2Facme.my.salesforce.com`, framed: true }), 'salesforce-opencti'],
    ['a HubSpot frame, by ancestorOrigins', place({ framed: true, ancestorOrigins: ['https://app.hubspot.com'] }), 'hubspot'],
    ['a HubSpot EU frame further up', place({ framed: true, ancestorOrigins: ['https://calling.example.com', 'https://app-eu1.hubspot.com'] }), 'hubspot'],
    ['a HubSpot frame, by referrer where the browser has no ancestorOrigins', place({ framed: true, ancestorOrigins: null, referrer: 'https://app.hubspot.com/contacts/62515/record/0-1/901' }), 'hubspot'],
    ['a frame of a look-alike domain', place({ framed: true, ancestorOrigins: ['https://app.hubspot.com.evil.example'] }), 'page'],
    ['a plain-http HubSpot look-alike', place({ framed: true, ancestorOrigins: ['http://app.hubspot.com'] }), 'page'],
    ['a frame whose ancestorOrigins contradict a HubSpot referrer', place({ framed: true, ancestorOrigins: ['https://evil.example'], referrer: 'https://app.hubspot.com/' }), 'page'],
    ['a page opened from a HubSpot link, not framed', place({ framed: false, ancestorOrigins: null, referrer: 'https://app.hubspot.com/' }), 'page'],
    ['?host=page inside Salesforce', place({ url: `${SALESFORCE_FRAME}&host=page`, framed: true }), 'page'],
    ['?host=hubspot on its own', place({ url: `${WIDGET}?host=hubspot` }), 'hubspot'],
    ['?host=Salesforce in any case', place({ url: `${WIDGET}?host=Salesforce` }), 'salesforce-opencti'],
    ['an unknown ?host= value, detected instead', place({ url: `${WIDGET}?host=zendesk`, framed: true, ancestorOrigins: ['https://app.hubspot.com'] }), 'hubspot'],
  ];

  for (const [where, input, expected] of table) {
    it(`starts the ${expected} bridge in ${where}`, () => {
      assert.equal(chooseHost(input), expected);
    });
  }
});

describe('readHostPlace', () => {
  function fakeWindow(options: { framed: boolean; ancestorOrigins?: string[]; crossOriginTop?: boolean }): Window {
    const self = {} as Record<string, unknown>;
    const top = options.framed ? {} : self;
    const location: Record<string, unknown> = { href: `${WIDGET}?a=1` };
    if (options.ancestorOrigins) location.ancestorOrigins = Object.assign({}, options.ancestorOrigins, { length: options.ancestorOrigins.length });
    Object.assign(self, { self, location, document: { referrer: 'https://app.hubspot.com/' } });
    Object.defineProperty(self, 'top', {
      get: () => {
        if (options.crossOriginTop) throw new Error('SecurityError');
        return top;
      },
    });
    return self as unknown as Window;
  }

  it('reads the address, the framing and the referrer, with no ancestorOrigins where the browser has none', () => {
    assert.deepEqual(readHostPlace(fakeWindow({ framed: true })), {
      url: `${WIDGET}?a=1`,
      framed: true,
      ancestorOrigins: null,
      referrer: 'https://app.hubspot.com/',
    });
  });

  it('lists ancestorOrigins nearest first and knows a top-level page is not framed', () => {
    const read = readHostPlace(fakeWindow({ framed: false, ancestorOrigins: ['https://a.example', 'https://b.example'] }));
    assert.deepEqual([read.framed, read.ancestorOrigins], [false, ['https://a.example', 'https://b.example']]);
  });

  it('counts a frame whose top cannot be read as framed', () => {
    assert.equal(readHostPlace(fakeWindow({ framed: true, crossOriginTop: true })).framed, true);
  });
});
