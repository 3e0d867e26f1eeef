import assert from 'node:assert/strict';
import { quoteInput } from '../../connector/src/domain/quote-input.js';

describe('quoteInput', () => {
  it('quotes short input as it is', () => {
    assert.equal(quoteInput('555-12'), '"555-12"');
  });

  it('cuts input after 40 characters and marks the cut', () => {
    assert.equal(quoteInput('1'.repeat(41)), `"${'1'.repeat(40)}…"`);
    assert.equal(quoteInput('1'.repeat(40)), `"${'1'.repeat(40)}"`);
  });

  it('counts an emoji as one character and never splits it', () => {
    assert.equal(quoteInput('📞'.repeat(41)), `"${'📞'.repeat(40)}…"`);
  });

  it('drops control, format and separator characters and collapses spacing', () => {
    assert.equal(quoteInput('a\r\nb\u0000c\u200bd\u202ee\u2028f   g'), '"abcdef g"');
  });

  it('drops lone surrogates', () => {
    assert.equal(quoteInput('1\ud800 2'), '"1 2"');
  });
});
