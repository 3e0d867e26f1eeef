import assert from 'node:assert/strict';
import { describePgTarget } from '../../connector/src/store/pg-target.js';

describe('what a PostgreSQL URL may show in an error', () => {
  it('names host, port and database', () => {
    assert.equal(describePgTarget('postgres://cti:pw@db.example.com:6432/crm').where, 'db.example.com:6432/crm');
    assert.equal(describePgTarget('postgres://db.example.com/crm').where, 'db.example.com:5432/crm');
  });

  it('takes the password out of a message, from the authority or a password parameter, as written or decoded', () => {
    const secret = 'S3cret Pass@word';
    const inAuthority = describePgTarget(`postgres://cti:${encodeURIComponent(secret)}@db.example.com/crm`);
    assert.equal(inAuthority.redact(`failed: ${secret} / ${encodeURIComponent(secret)}`), 'failed: *** / ***');
    const inQuery = describePgTarget(`postgres://cti@db.example.com/crm?sslmode=require&password=${encodeURIComponent(secret)}`);
    assert.equal(inQuery.redact(`failed: ${secret} / ${encodeURIComponent(secret)}`), 'failed: *** / ***');
    assert.equal(inQuery.redact('failed: sslmode=require'), 'failed: sslmode=require');
  });

  it('refuses a URL that does not parse without echoing it', () => {
    assert.throws(() => describePgTarget('postgres://cti:hunter2@[broken/crm'), (error: Error) => /not a valid URL/.test(error.message) && !error.message.includes('hunter2'));
  });
});
