/** What windows-1252 can hold, and how the export replaces what it cannot (src/csv/encoding.ts). */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvBytes } from '../../src/csv/write.js';
import { codePointName, csvEncodings, encode, firstUnencodable, windows1252Text } from '../../src/csv/encoding.js';

describe('windows-1252', () => {
  it('offers exactly the two encodings', () => {
    expect(csvEncodings).toEqual(['utf-8', 'windows-1252']);
  });

  it('holds ASCII, Latin-1 letters and the 0x80–0x9F extras such as € and Š, but not the five unassigned bytes or anything beyond', () => {
    expect(firstUnencodable('')).toBeUndefined();
    expect(firstUnencodable('Aa ~\u00a0ÆØÅæøåÿ€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')).toBeUndefined();
    // 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in windows-1252: their Latin-1 code points are not held.
    for (const unassigned of ['\u0081', '\u008d', '\u008f', '\u0090', '\u009d']) expect(firstUnencodable(`a${unassigned}`)).toBe(unassigned);
    expect(firstUnencodable('\ufffd')).toBe('\ufffd');
    expect(firstUnencodable('ok Łódź ő')).toBe('Ł');
    expect(firstUnencodable('ok 😀 Ł')).toBe('😀');
  });

  it('names a character as U+ and at least four upper-case hex digits', () => {
    expect(['Ł', '\u0007', '😀', '\ufb01', ''].map(codePointName)).toEqual(['U+0141', 'U+0007', 'U+1F600', 'U+FB01', 'U+0000']);
  });

  it('encodes as the encoding says', () => {
    expect([...encode('Æ€', 'utf-8')]).toEqual([0xc3, 0x86, 0xe2, 0x82, 0xac]);
    expect([...encode('Æ€', 'windows-1252')]).toEqual([0xc6, 0x80]);
  });
});

describe('the writer in UTF-8', () => {
  it('writes any character, checking nothing', () => {
    expect(csvBytes('organisation.csv', ['Afdelingsnavn'], [{ Afdelingsnavn: 'Łódź 😀' }], 'utf-8').toString('utf8')).toBe('"Afdelingsnavn"\r\n"Łódź 😀"\r\n');
  });
});

describe('windows1252Text', () => {
  it('gives text windows-1252 holds back as it is, and composes a letter and its mark', () => {
    const decomposed = 'Ae\u0301';
    expect(windows1252Text('Søren Æbelø €')).toBe('Søren Æbelø €');
    expect(windows1252Text('')).toBe('');
    // A lone combining mark after a letter is not held: the pair is composed first, to é, which is.
    expect(windows1252Text(decomposed)).toBe('Aé');
  });

  it('replaces a letter by its base letter through Unicode decomposition', () => {
    expect(windows1252Text('őŐűŰčČřŘ')).toBe('oOuUcCrR');
    expect(windows1252Text('Dvořák')).toBe('Dvorák');
    // ǅ (U+01C5) decomposes by compatibility only, so it is a ?.
    expect(windows1252Text('ǅ')).toBe('?');
  });

  it('replaces each letter of the table, which no decomposition reaches', () => {
    expect(windows1252Text('xŁłĐđĦħıĿŀŦŧĸſŊŋ')).toBe('xLlDdHhiLlTtksNn');
  });

  it('replaces anything else by ?, one per character, and drops a combining mark nothing composes with', () => {
    // ﬁ (U+FB01) decomposes by compatibility only: NFD leaves it, so it is a ?.
    expect(['a😀b', '中文', '\u0301x', 'q\u0307', 'ﬁ'].map(windows1252Text)).toEqual(['a?b', '??', 'x', 'q', '?']);
  });

  it('every replacement is text windows-1252 holds', () => {
    const text = windows1252Text('Łódź ő 😀 ǅ ﬁ \u0301');
    expect(firstUnencodable(text)).toBeUndefined();
    expect(iconv.decode(iconv.encode(text, 'windows-1252'), 'windows-1252')).toBe(text);
  });
});
