import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretBox, SecretUnreadableError } from '../../connector/src/secrets/secret-box.js';

describe('SecretBox (AES-256-GCM at rest)', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, for the same owner, whatever the text', () => {
    for (const secret of ['pw', 'pä55 wörd "quoted" 🔑', 'x'.repeat(256)]) {
      assert.equal(box.open(box.seal(secret, 'agent-sip:maria'), 'agent-sip:maria'), secret);
    }
  });

  it('writes v1:<iv>:<tag>:<ciphertext> in base64url with a fresh 12-byte IV each time, holding no plaintext', () => {
    const a = box.seal('same-password', 'ctx');
    const b = box.seal('same-password', 'ctx');
    assert.notEqual(a, b);
    for (const sealed of [a, b]) {
      const [format, iv, tag, ciphertext] = sealed.split(':');
      assert.equal(format, 'v1');
      assert.equal(Buffer.from(iv!, 'base64url').length, 12);
      assert.equal(Buffer.from(tag!, 'base64url').length, 16);
      assert.equal(Buffer.from(ciphertext!, 'base64url').length, 'same-password'.length);
      assert.ok(!sealed.includes('same-password'));
    }
    assert.notEqual(a.split(':')[1], b.split(':')[1]);
  });

  const refusals: [string, (sealed: string) => [SecretBox, string, string]][] = [
    ['another key', (s) => [new SecretBox(randomBytes(32)), s, 'ctx']],
    ['another owner', (s) => [box, s, 'ctx-other']],
    ['a flipped ciphertext bit', (s) => [box, flipLast(s), 'ctx']],
    ['a changed tag', (s) => [box, s.replace(/:([^:]+):([^:]+)$/, (_m, tag: string, ct: string) => `:${flipFirst(tag)}:${ct}`), 'ctx']],
    ['an unknown format', (s) => [box, s.replace(/^v1:/, 'v9:'), 'ctx']],
    ['plain text', () => [box, 'my-password', 'ctx']],
  ];
  for (const [what, tamper] of refusals) {
    it(`refuses to open a value with ${what}`, () => {
      const [opener, sealed, context] = tamper(box.seal('secret', 'ctx'));
      assert.throws(() => opener.open(sealed, context), SecretUnreadableError);
    });
  }

  it('takes only a 32-byte key', () => {
    assert.throws(() => new SecretBox(randomBytes(16)), /a secrets key is 32 bytes, not 16/);
  });
});

function flipLast(sealed: string): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[3]!, 'base64url');
  bytes[bytes.length - 1]! ^= 1;
  parts[3] = bytes.toString('base64url');
  return parts.join(':');
}

function flipFirst(part: string): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0]! ^= 1;
  return bytes.toString('base64url');
}
