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

export function encode(text: string, encoding: CsvEncoding): Buffer {
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'windows-1252');
}

/** U+20AC style, for messages. */
export function codePointName(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
