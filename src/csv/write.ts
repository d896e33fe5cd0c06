import { stringify } from 'csv-stringify/sync';
import { P2lError } from '../util/errors.js';
import { codePointName, encode, firstUnencodable, type CsvEncoding } from './encoding.js';

/** Rows encoded at a time: small enough that a block's text is short-lived garbage, large enough to keep calls few. */
const rowsPerBlock = 2000;

/** The contract's format: `;` between fields, every field quoted (empty ones too), CRLF line ends. */
const format = { delimiter: ';', quoted: true, quoted_empty: true, record_delimiter: '\r\n' } as const;

/**
 * The bytes of one file as the contract writes it, a header row first, in
 * blocks of rows: the whole file's text is never held at once. In
 * windows-1252 a character it cannot hold is an error naming the file, the
 * row and the column. The export has replaced every such character already
 * (src/export/sanitize.ts), so this is a safety net: the writer itself never
 * replaces anything.
 */
export function* csvBlocks(file: string, columns: readonly string[], rows: readonly Record<string, string>[], encoding: CsvEncoding): Generator<Buffer> {
  const header = Object.fromEntries(columns.map((column) => [column, column]));
  yield encode(csvText([header], columns), encoding);
  for (let start = 0; start < rows.length; start += rowsPerBlock) {
    const block = rows.slice(start, start + rowsPerBlock);
    if (encoding === 'windows-1252') assertEncodable(file, columns, block, start);
    yield encode(csvText(block, columns), encoding);
  }
}

/** The whole file at once (for tests and small files). */
export function csvBytes(file: string, columns: readonly string[], rows: readonly Record<string, string>[], encoding: CsvEncoding): Buffer {
  return Buffer.concat([...csvBlocks(file, columns, rows, encoding)]);
}

function csvText(rows: readonly Record<string, string>[], columns: readonly string[]): string {
  return stringify(rows as Record<string, string>[], { ...format, columns: columns as string[], header: false });
}

/** `firstRow` is the block's offset in the file, so the error names the row as a reader counts it. */
function assertEncodable(file: string, columns: readonly string[], rows: readonly Record<string, string>[], firstRow: number): void {
  rows.forEach((row, index) => {
    for (const column of columns) {
      const character = firstUnencodable(row[column] ?? '');
      if (character !== undefined) {
        throw new P2lError(
          `${file}: row ${firstRow + index + 1}, column ${column} holds ${codePointName(character)}, which windows-1252 cannot hold: set exporters.plan2learn.csv_encoding to "utf-8" or correct the value in MO`,
        );
      }
    }
  });
}
