import assert from 'node:assert/strict';
import { isRecordId } from '../../../connector/src/crm/salesforce/salesforce-record-id.js';

describe('Salesforce record id check', () => {
  for (const [id, objectType] of [
    ['003xx000004TmiQAAS', 'Contact'],
    ['003xx000004TmiQ', 'Contact'],
    ['00Qxx000001Hx9TEAS', 'Lead'],
    ['001xx000003DGb2AAG', 'Account'],
    ['001xx000003DGb2aag', 'Account'],
  ] as const) {
    it(`accepts ${id} as a ${objectType}`, () => assert.equal(isRecordId(id, objectType), true));
  }

  for (const [id, objectType] of [
    ['', 'Contact'],
    ['003xx000004Tmi', 'Contact'],
    ['003xx000004TmiQAASX', 'Contact'],
    ['003xx000004Tm-QAAS', 'Contact'],
    ["003xx0000'OR'1'='1", 'Contact'],
    ['00qxx000001Hx9TEAS', 'Lead'],
    ['003xx000004TmiQAAS', 'Lead'],
    ['001xx000003DGb2AAG', 'Contact'],
  ] as const) {
    it(`rejects ${JSON.stringify(id)} as a ${objectType}`, () => assert.equal(isRecordId(id, objectType), false));
  }
});
