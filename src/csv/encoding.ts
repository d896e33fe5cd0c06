import iconv from 'iconv-lite';

export const csvEncodings = ['utf-8', 'windows-1252'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

/** Every character windows-1252 can hold, read off iconv-lite's own table (its five unassigned bytes excluded). */
const windows1252Characters: ReadonlySet<string> = (() => {
  const all = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, byte) => byte)), 'windows-1252');
  return new Set([...all].filter((character) => character !== '\ufffd'));
})();

/** The first character of `text` that windows-1252 cannot hold, if any. */
export function firstUnencodable(text: string): string | undefined {
  for (const character of text) if (!windows1252Characters.has(character)) return character;
  return undefined;
}

// Letters with no Unicode decomposition to a base letter windows-1252 holds.
const baseLetters: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŀ: 'L',
  ŀ: 'l',
  Ŧ: 'T',
  ŧ: 't',
  ĸ: 'k',
  ſ: 's',
  Ŋ: 'N',
  ŋ: 'n',
};

const combiningMarks = /\p{M}/gu;

/**
 * The text as windows-1252 can hold it: each character it cannot hold
 * becomes its base letter (`ő` → `o`, `Ł` → `L`), else `?`. A combining mark
 * left over after composing is dropped: the letter it sits on is already
 * written. Text windows-1252 holds is returned as it is.
 */
export function windows1252Text(text: string): string {
  if (firstUnencodable(text) === undefined) return text;
  return [...text.normalize('NFC')].map(windows1252Character).join('');
}

function windows1252Character(character: string): string {
  if (windows1252Characters.has(character)) return character;
  if (/^\p{M}$/u.test(character)) return '';
  const base = character.normalize('NFD').replace(combiningMarks, '');
  if (firstUnencodable(base) === undefined) return base;
  return baseLetters[character] ?? '?';
}

export function encode(text: string, encoding: CsvEncoding): Buffer {
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'windows-1252');
}

/** U+20AC style, for messages. */
export function codePointName(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
