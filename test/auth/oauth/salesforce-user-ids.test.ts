import assert from 'node:assert/strict';
import { isSalesforceId, salesforceIdForms } from '../../../connector/src/auth/oauth/salesforce-user-ids.js';

describe('Salesforce user id forms', () => {
  it('finds an agent stored with the 15-character id from the 18-character id Salesforce reports', () => {
    assert.deepEqual(salesforceIdForms('005xx000001SwiUAAS'), ['005xx000001SwiUAAS', '005xx000001SwiU']);
  });

  it('computes the 18-character id of a 15-character one with Salesforce’s checksum', () => {
    assert.deepEqual(salesforceIdForms('001A0000006Vm9r'), ['001A0000006Vm9r', '001A0000006Vm9rIAC']);
    assert.deepEqual(salesforceIdForms('005xx000001SwiU'), ['005xx000001SwiU', '005xx000001SwiUAAS']);
  });

  it('leaves anything else as it is', () => {
    assert.deepEqual(salesforceIdForms('12345'), ['12345']);
    assert.equal(isSalesforceId('005xx000001SwiU'), true);
    assert.equal(isSalesforceId('005xx000001SwiU!'), false);
  });
});
