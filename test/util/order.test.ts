import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../src/util/order.js';

const sign = (a: string, b: string) => Math.sign(compareCodePoints(a, b));

describe('compareCodePoints', () => {
  it('is 0 for equal strings, and the empty string sorts first', () => {
    expect(compareCodePoints('', '')).toBe(0);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
    expect(sign('', 'a')).toBe(-1);
    expect(sign('a', '')).toBe(1);
  });

  it('orders by the first differing code point, a prefix first, by exact differences', () => {
    expect(compareCodePoints('a', 'c')).toBe(-2);
    expect(compareCodePoints('c', 'a')).toBe(2);
    expect(compareCodePoints('ab', 'abcd')).toBe(-2);
    expect(compareCodePoints('abcd', 'ab')).toBe(2);
    expect(sign('ab', 'b')).toBe(-1);
    expect(sign('Z', 'a')).toBe(-1);
    expect(sign('Ø', 'Å')).toBe(1);
  });

  it('sorts characters beyond the Basic Multilingual Plane after every BMP character, as code points do', () => {
    // U+1F600 is the UTF-16 pair D83D DE00: by code unit it would sort before U+FF5E and U+E000.
    const emoji = '\u{1F600}';
    for (const bmp of ['\uff5e', '\ue000', '\ud7ff', 'z']) {
      expect(sign(emoji, bmp)).toBe(1);
      expect(sign(bmp, emoji)).toBe(-1);
      expect(sign(`a${emoji}`, `a${bmp}`)).toBe(1);
      expect(sign(`a${bmp}`, `a${emoji}`)).toBe(-1);
    }
    expect(['\ufb01', '\u{10000}', '\ue000', 'a', '\u{1F600}'].sort(compareCodePoints)).toEqual(['a', '\ue000', '\ufb01', '\u{10000}', '\u{1F600}']);
  });

  it('orders two characters beyond the BMP by code point, and a lone surrogate (JSON may hold one) above every BMP character', () => {
    expect(sign('\u{10000}', '\u{1F600}')).toBe(-1);
    expect(sign('\u{1F600}', '\u{10000}')).toBe(1);
    expect(sign('\u{1F600}', '\u{1F601}')).toBe(-1);
    // The first and last code units of the surrogate range against their neighbours outside it.
    expect(sign('\u{10000}', '\ud7ff')).toBe(1);
    expect(sign('\ud800', '\ud7ff')).toBe(1);
    expect(sign('\ud7ff', '\ud800')).toBe(-1);
    expect(sign('\udfff', '\ue000')).toBe(1);
    expect(sign('\ue000', '\udfff')).toBe(-1);
    expect(sign('\udfff', '\ud800')).toBe(1);
  });
});
