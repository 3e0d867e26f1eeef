import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../connector/src/observability/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('writes one JSON object per line with level, time and service', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ route: '/api/v1/resolve' }, 'request');
    const entry = JSON.parse(lines[0]!);
    assert.equal(entry.msg, 'request');
    assert.equal(entry.service, 'connector');
    assert.equal(entry.level, 30);
    assert.match(entry.time, /^\d{4}-\d\d-\d\dT/);
  });

  it('blanks secrets wherever a logged object carries them', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info(
      {
        password: 'pw-1',
        settings: { clientSecret: 'cs-2', auth: { privateKeyPem: '-----BEGIN PRIVATE KEY-----k3' } },
        token: { access_token: 'at-4', refresh_token: 'rt-5' },
        req: { headers: { authorization: 'Bearer at-6', cookie: 'sid=c7' } },
        assertion: 'jwt-8',
      },
      'settings',
    );
    const text = lines.join('\n');
    for (const secret of ['pw-1', 'cs-2', 'k3', 'at-4', 'rt-5', 'at-6', 'c7', 'jwt-8']) {
      assert.ok(!text.includes(secret), `${secret} must not be logged`);
    }
    assert.match(text, /\[redacted\]/);
  });

  it('logs nothing at level silent', () => {
    const { lines, stream } = capture();
    createLogger('silent', stream).error('boom');
    assert.deepEqual(lines, []);
  });
});
