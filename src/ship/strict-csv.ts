/**
 * A parser for exactly the format the contract writes, and nothing looser:
 * every field in double quotes (`""` inside one is a quote), `;` between
 * fields, CRLF after every record including the last. A quoted field may
 * hold line breaks; they count as lines for messages.
 */
export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

export function parseStrictCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const cursor = { at: 0, line: 1 };
  while (cursor.at < text.length) records.push(readRecord(text, cursor));
  return records;
}

function readRecord(text: string, cursor: { at: number; line: number }): CsvRecord {
  const record: CsvRecord = { line: cursor.line, fields: [] };
  for (;;) {
    const number = record.fields.length + 1;
    if (text[cursor.at] !== '"') throw new CsvFormatError(cursor.line, `field ${number} does not start with a quote`);
    record.fields.push(readQuoted(text, cursor, number));
    const after = text[cursor.at];
    if (after === ';') {
      cursor.at += 1;
      continue;
    }
    if (after === '\r' && text[cursor.at + 1] === '\n') {
      cursor.at += 2;
      cursor.line += 1;
      return record;
    }
    throw new CsvFormatError(cursor.line, separatorProblem(after, number));
  }
}

/** Reads `"…"` from the opening quote; leaves the cursor after the closing one. */
function readQuoted(text: string, cursor: { at: number; line: number }, number: number): string {
  const startLine = cursor.line;
  let value = '';
  let from = cursor.at + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) throw new CsvFormatError(startLine, `field ${number} has no closing quote`);
    const piece = text.slice(from, quote);
    cursor.line += countLineFeeds(piece);
    value += piece;
    if (text[quote + 1] !== '"') {
      cursor.at = quote + 1;
      return value;
    }
    value += '"';
    from = quote + 2;
  }
}

function separatorProblem(after: string | undefined, number: number): string {
  if (after === undefined) return 'the last line does not end with CRLF';
  if (after === '\n') return 'the line ends with LF, not CRLF';
  if (after === '\r') return 'the line ends with CR, not CRLF';
  return `field ${number} is followed by ${JSON.stringify(after)}, not by ; or CRLF (a delimiter other than ; or a stray quote)`;
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}
