import assert from 'node:assert/strict';
import { AppError } from '../../connector/src/errors/app-error.js';
import { generateSipPassword } from '../../connector/src/services/sip-password-generator.js';
import { assertStrongSipPassword, passwordStrength, sipPasswordProblems } from '../../connector/src/services/sip-password-policy.js';

const ACCOUNT = { username: '1001', authUser: null, domain: 'pbx.example.test' };

describe('SIP password policy: weak passwords are refused with reasons an admin can act on', () => {
  it('accepts a long, unguessable password', () => {
    assert.deepEqual(sipPasswordProblems('correct-horse-battery-staple-SIP', ACCOUNT), []);
    assert.deepEqual(sipPasswordProblems('Vq7#mT2!pLx9@wZ4', ACCOUNT), []);
  });

  it('refuses a password shorter than 12 characters, even a random-looking one', () => {
    assert.deepEqual(sipPasswordProblems('Vq7#mT2!pLx', ACCOUNT), ['must be at least 12 characters long']);
  });

  it('counts characters, not bytes: twelve accented letters are twelve', () => {
    assert.ok(!sipPasswordProblems('ÉçàüÖñßøÅæœ€', ACCOUNT).includes('must be at least 12 characters long'));
  });

  it('refuses a long but guessable password, saying what makes it guessable', () => {
    assert.deepEqual(sipPasswordProblems('password1234', ACCOUNT), ['is too easy to guess: it is similar to a commonly used password']);
    assert.deepEqual(sipPasswordProblems('aaaaaaaaaaaaaaaa', ACCOUNT), ['is too easy to guess: repeated characters such as "aaa" are easy to guess']);
    assert.deepEqual(sipPasswordProblems('zxcvbnm,./asdfg', ACCOUNT), ['is too easy to guess: a row of keys on the keyboard is easy to guess']);
    assert.deepEqual(sipPasswordProblems('abcdefghijklmnop', ACCOUNT), ['is too easy to guess: sequences such as "abc" or "6543" are easy to guess']);
  });

  it('still refuses a very long password that only repeats a weak one', () => {
    assert.deepEqual(sipPasswordProblems('password'.repeat(32), ACCOUNT), ['is too easy to guess: repeated patterns such as "abcabcabc" are easy to guess']);
  });

  it('says how few guesses it would take when zxcvbn names no pattern', () => {
    assert.deepEqual(sipPasswordProblems('helloworld12', ACCOUNT), ['is too easy to guess: it would fall to about 10^6 guesses']);
  });

  it('refuses a password built from the account’s own user name', () => {
    const problems = sipPasswordProblems('1001100110011001', ACCOUNT);
    assert.ok(problems.includes('must not contain the user name'), problems.join('; '));
    assert.deepEqual(sipPasswordProblems('Zebra-Quartz-1001-Lantern', ACCOUNT), ['must not contain the user name']);
    assert.deepEqual(sipPasswordProblems('Zebra-Quartz-AUTH-ALICE-Lantern', { ...ACCOUNT, authUser: 'auth-alice' }), ['must not contain the user name']);
  });

  it('refuses a password holding the SIP domain', () => {
    assert.deepEqual(sipPasswordProblems('Zebra-PBX.example.test-Lantern', ACCOUNT), ['must not contain the SIP domain']);
  });

  it('lists every reason at once, so the admin fixes them in one go', () => {
    assert.deepEqual(sipPasswordProblems('1001', ACCOUNT), [
      'must be at least 12 characters long',
      "is too easy to guess: it is built from the account's own user name or domain",
      'must not contain the user name',
    ]);
  });

  it('does not refuse a one- or two-character user name found by chance in a strong password', () => {
    assert.deepEqual(sipPasswordProblems('Zebra-Quartz-7-Lantern', { ...ACCOUNT, username: '7' }), []);
  });

  it('throws 422 WEAK_SIP_PASSWORD with the reasons, and never echoes the password', () => {
    const password = 'password1234';
    assert.throws(
      () => assertStrongSipPassword(password, ACCOUNT),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'WEAK_SIP_PASSWORD');
        assert.equal(error.status, 422);
        assert.deepEqual(error.details, { reasons: ['is too easy to guess: it is similar to a commonly used password'] });
        assert.match(error.message, /^This SIP password is refused: it is too easy to guess: .*POST \/api\/v1\/admin\/sip-passwords\.$/);
        assert.ok(!JSON.stringify(error.toBody()).includes(password));
        return true;
      },
    );
    assert.doesNotThrow(() => assertStrongSipPassword('correct-horse-battery-staple-SIP', ACCOUNT));
  });
});

describe('SIP password generator', () => {
  it('makes 24 base64url characters that pass the policy, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const { password, strength } = generateSipPassword();
      assert.match(password, /^[A-Za-z0-9_-]{24}$/);
      assert.equal(strength.score, 4);
      assert.ok(strength.guessesLog10 >= 12, `only 10^${strength.guessesLog10} guesses`);
      assert.deepEqual(sipPasswordProblems(password, { username: 'alice', authUser: null, domain: 'pbx.example.test' }), []);
      seen.add(password);
    }
    assert.equal(seen.size, 20);
  });

  it('reports the strength zxcvbn estimates', () => {
    assert.deepEqual(passwordStrength('password'), { score: 0, guessesLog10: 0.5 });
  });
});
