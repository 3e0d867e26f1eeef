import assert from 'node:assert/strict';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { SecretBox, secretsKeyId, SecretUnreadableError } from '../../connector/src/secrets/secret-box.js';

/** A value sealed the way the connector sealed before key ids: `v1:<iv>:<tag>:<ciphertext>`. */
function sealV1(key: Uint8Array, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
}

describe('SecretBox (AES-256-GCM at rest)', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('opens what it sealed, for the same owner, whatever the text', () => {
    for (const secret of ['pw', 'pä55 wörd "quoted" 🔑', 'x'.repeat(256)]) {
      assert.equal(box.open(box.seal(secret, 'agent-sip:maria'), 'agent-sip:maria'), secret);
    }
  });

  it('writes v2:<key id>:<iv>:<tag>:<ciphertext> with a fresh 12-byte IV each time, holding no plaintext', () => {
    const a = box.seal('same-password', 'ctx');
    const b = box.seal('same-password', 'ctx');
    assert.notEqual(a, b);
    for (const sealed of [a, b]) {
      const [format, kid, iv, tag, ciphertext] = sealed.split(':');
      assert.equal(format, 'v2');
      assert.equal(kid, createHash('sha256').update(key).digest('hex').slice(0, 16));
      assert.equal(kid, secretsKeyId(key));
      assert.equal(Buffer.from(iv!, 'base64url').length, 12);
      assert.equal(Buffer.from(tag!, 'base64url').length, 16);
      assert.equal(Buffer.from(ciphertext!, 'base64url').length, 'same-password'.length);
      assert.ok(!sealed.includes('same-password'));
    }
    assert.notEqual(a.split(':')[2], b.split(':')[2]);
  });

  it('still opens values sealed in the older v1 format, with the current key or a previous one', () => {
    const previous = randomBytes(32);
    const ring = new SecretBox(key, [previous]);
    assert.equal(ring.open(sealV1(key, 'current-v1', 'ctx'), 'ctx'), 'current-v1');
    assert.equal(ring.open(sealV1(previous, 'previous-v1', 'ctx'), 'ctx'), 'previous-v1');
    assert.throws(() => ring.open(sealV1(randomBytes(32), 'stranger', 'ctx'), 'ctx'), SecretUnreadableError);
    assert.throws(() => ring.open(sealV1(key, 'current-v1', 'ctx'), 'ctx-other'), SecretUnreadableError);
  });

  it('reads what a previous key sealed during a rotation, and seals only with the new key', () => {
    const oldKey = randomBytes(32);
    const sealedBefore = new SecretBox(oldKey).seal('before', 'agent-sip:maria');
    const rotating = new SecretBox(key, [oldKey]);
    assert.equal(rotating.open(sealedBefore, 'agent-sip:maria'), 'before');
    const sealedAfter = rotating.seal('after', 'agent-sip:maria');
    assert.equal(sealedAfter.split(':')[1], secretsKeyId(key));
    assert.equal(new SecretBox(key).open(sealedAfter, 'agent-sip:maria'), 'after', 'the new key alone opens what was sealed since');
    assert.throws(() => new SecretBox(key).open(sealedBefore, 'agent-sip:maria'), /a key the connector no longer has/);
  });

  it('says whether a value is sealed under the current key', () => {
    const oldKey = randomBytes(32);
    const rotating = new SecretBox(key, [oldKey]);
    assert.equal(rotating.isCurrent(rotating.seal('x', 'ctx')), true);
    assert.equal(rotating.isCurrent(new SecretBox(oldKey).seal('x', 'ctx')), false);
    assert.equal(rotating.isCurrent(sealV1(key, 'x', 'ctx')), false, 'a legacy value is re-sealed even under the current key');
    assert.equal(rotating.isCurrent('plain text'), false);
  });

  const refusals: [string, (sealed: string) => [SecretBox, string, string]][] = [
    ['another key', (s) => [new SecretBox(randomBytes(32)), s, 'ctx']],
    ['another owner', (s) => [box, s, 'ctx-other']],
    ['a flipped ciphertext bit', (s) => [box, flipPart(s, 4), 'ctx']],
    ['a changed tag', (s) => [box, flipPart(s, 3), 'ctx']],
    ['a changed key id', (s) => [box, s.replace(/^v2:[0-9a-f]{16}:/, 'v2:0000000000000000:'), 'ctx']],
    ['an unknown format', (s) => [box, s.replace(/^v2:/, 'v9:'), 'ctx']],
    ['a missing part', (s) => [box, s.split(':').slice(0, 4).join(':'), 'ctx']],
    ['characters outside base64url', (s) => [box, `${s}!`, 'ctx']],
    ['plain text', () => [box, 'my-password', 'ctx']],
  ];
  for (const [what, tamper] of refusals) {
    it(`refuses to open a value with ${what}`, () => {
      const [opener, sealed, context] = tamper(box.seal('secret', 'ctx'));
      assert.throws(() => opener.open(sealed, context), SecretUnreadableError);
    });
  }

  it('takes only 32-byte keys, current and previous', () => {
    assert.throws(() => new SecretBox(randomBytes(16)), /a secrets key is 32 bytes, not 16/);
    assert.throws(() => new SecretBox(randomBytes(32), [randomBytes(31)]), /a secrets key is 32 bytes, not 31/);
  });
});

function flipPart(sealed: string, index: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0]! ^= 1;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}
