/** Query and search records in Salesforce's documented shapes (`attributes: {type, url}`), for the adapter tests. */

export const CONTACT_ID = '003xx000004TmiQAAS';
export const LEAD_ID = '00Qxx000001Hx9TEAS';
export const ACCOUNT_ID = '001xx000003DGb2AAG';

const url = (type: string, id: string) => `/services/data/v62.0/sobjects/${type}/${id}`;

export function contact(overrides: Record<string, unknown> = {}) {
  return {
    attributes: { type: 'Contact', url: url('Contact', CONTACT_ID) },
    Id: CONTACT_ID,
    Name: 'Ada Lovelace',
    Account: { attributes: { type: 'Account', url: url('Account', ACCOUNT_ID) }, Name: 'Analytical Engines Ltd' },
    MailingCountry: 'United Kingdom',
    DoNotCall: false,
    Phone: '020 7946 0958',
    MobilePhone: '+44 7700 900123',
    HomePhone: null,
    OtherPhone: '',
    AssistantPhone: '(415) 555-2671 x204',
    ...overrides,
  };
}

export function lead(overrides: Record<string, unknown> = {}) {
  return {
    attributes: { type: 'Lead', url: url('Lead', LEAD_ID) },
    Id: LEAD_ID,
    Name: 'Grace Hopper',
    Company: 'Cobol Inc',
    Country: 'USA',
    DoNotCall: true,
    Phone: '(415) 555-2671',
    MobilePhone: null,
    ...overrides,
  };
}

export function account(overrides: Record<string, unknown> = {}) {
  return {
    attributes: { type: 'Account', url: url('Account', ACCOUNT_ID) },
    Id: ACCOUNT_ID,
    Name: 'Analytical Engines Ltd',
    BillingCountry: 'DE',
    Phone: '+49 30 901820',
    ...overrides,
  };
}

export function queryResponse(records: unknown[]) {
  return { totalSize: records.length, done: true, records };
}
