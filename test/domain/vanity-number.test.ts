import assert from 'node:assert/strict';
import { vanityToDigits } from '../../connector/src/domain/vanity-number.js';

describe('vanityToDigits', () => {
  it('spells letters as keypad digits', () => {
    assert.equal(vanityToDigits('1-800-FLOWERS'), '1-800-3569377');
    assert.equal(vanityToDigits('+1 (800) got-junk'), '+1 (800) 468-5865');
  });

  it('keeps an extension label that only digits follow', () => {
    assert.equal(vanityToDigits('1-800-FLOWERS x12'), '1-800-3569377 x12');
    assert.equal(vanityToDigits('1-800-FLOWERS ext. 12'), '1-800-3569377 ext. 12');
    assert.equal(vanityToDigits('1-800-FLOWERS;ext=12'), '1-800-3569377;ext=12');
  });

  it('spells an x that is part of a word', () => {
    assert.equal(vanityToDigits('1-800-XEROX'), '1-800-93769');
  });

  it('returns null when fewer than three letters would be converted', () => {
    assert.equal(vanityToDigits('415 555 2671 x204'), null);
    assert.equal(vanityToDigits('415 555 26AB'), null);
    assert.equal(vanityToDigits('4155552671'), null);
  });

  it('leaves letters of other scripts alone', () => {
    assert.equal(vanityToDigits('+49 30 901820 доб. 12'), null);
  });
});
