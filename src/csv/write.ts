import { stringify } from 'csv-stringify/sync';
import { P2lError } from '../util/errors.js';
import { codePointName, encode, firstUnencodable, type CsvEncoding } from './encoding.js';

/**
 * The bytes of one file as the contract writes it: `;` between fields,
 * every field quoted (empty ones too), CRLF line ends, a header row.
 * In windows-1252 a character it cannot hold is an error naming the file,
 * the row and the column; nothing is replaced by `?`.
 */
export function csvBytes(file: string, columns: readonly string[], rows: readonly Record<string, string>[], encoding: CsvEncoding): Buffer {
  if (encoding === 'windows-1252') assertEncodable(file, columns, rows);
  const text = stringify(rows as Record<string, string>[], {
    columns: columns as string[],
    header: true,
    delimiter: ';',
    quoted: true,
    quoted_empty: true,
    record_delimiter: '\r\n',
  });
  return encode(text, encoding);
}

function assertEncodable(file: string, columns: readonly string[], rows: readonly Record<string, string>[]): void {
  rows.forEach((row, index) => {
    for (const column of columns) {
      const character = firstUnencodable(row[column] ?? '');
      if (character !== undefined) {
        throw new P2lError(
          `${file}: row ${index + 1}, column ${column} holds ${codePointName(character)}, which windows-1252 cannot hold: set exporters.plan2learn.csv_encoding to "utf-8" or correct the value in MO`,
        );
      }
    }
  });
}
