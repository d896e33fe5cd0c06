import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { CsvEncoding } from '../csv/encoding.js';
import { csvFileName } from '../csv/files.js';
import { columnsOf, type FileName } from '../export/columns.js';
import { settingsTable } from '../settings/table.js';
import { P2lError } from '../util/errors.js';
import type { LocalFile } from './deliver.js';
import { CsvFormatError, parseStrictCsv, type CsvRecord } from './strict-csv.js';

/** The order the files are shipped in, as the contract lists them. */
export const shipOrder: readonly FileName[] = ['bruger', 'leder', 'engagement', 'organisation', 'stillingskode'];

export interface ValidationOptions {
  encoding: CsvEncoding;
  /** Ship even when bruger.csv has no rows. */
  allowEmpty: boolean;
}

/** A check that failed: the file, the line (when there is one) and the problem. */
export class InvalidFile extends P2lError {
  constructor(file: string, line: number | null, problem: string) {
    super(`${file}${line === null ? '' : ` line ${line}`}: ${problem}`);
    this.name = 'InvalidFile';
  }
}

interface ParsedFile {
  file: FileName;
  name: string;
  header: string[];
  rows: CsvRecord[];
}

/**
 * Reads the five files back from `directory` and checks them against the
 * contract: each present, in the configured encoding, strictly quoted with
 * `;` and CRLF, the expected header, as many fields on every row as in the
 * header, references between the files intact, and bruger.csv not empty
 * (unless allowed). Returns them in shipping order; the first failed check
 * is an InvalidFile.
 */
export async function validateFiles(directory: string, options: ValidationOptions): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  const parsed = new Map<FileName, ParsedFile>();
  for (const file of shipOrder) {
    const name = csvFileName(file);
    const path = join(directory, name);
    const bytes = await readLocalFile(path, name, directory);
    parsed.set(file, checkFormat(file, name, bytes, options.encoding));
    files.push({ name, path, bytes: bytes.length });
  }
  checkReferences(parsed);
  if (!options.allowEmpty && parsed.get('bruger')?.rows.length === 0) {
    throw new InvalidFile('bruger.csv', null, 'no rows, only the header: pass --allow-empty to ship files without persons anyway');
  }
  return files;
}

async function readLocalFile(path: string, name: string, directory: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidFile(name, null, code === 'ENOENT' ? `missing from ${directory}` : `unreadable (${code ?? 'unknown error'})`);
  }
}

function checkFormat(file: FileName, name: string, bytes: Buffer, encoding: CsvEncoding): ParsedFile {
  if (bytes.length === 0) throw new InvalidFile(name, null, 'empty, not even a header row');
  const decoded = decoders[encoding](bytes);
  if (typeof decoded !== 'string') throw new InvalidFile(name, decoded.line, decoded.problem);
  let records: CsvRecord[];
  try {
    records = parseStrictCsv(decoded);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new InvalidFile(name, error.line, error.message);
    throw error;
  }
  const [header, ...rows] = records;
  if (header === undefined) throw new InvalidFile(name, null, 'empty, not even a header row');
  checkHeader(file, name, header.fields);
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      throw new InvalidFile(name, row.line, `${row.fields.length} fields where the header has ${header.fields.length}`);
    }
  }
  return { file, name, header: header.fields, rows };
}

/** leder.csv may carry the RSD variant's fifth column, OrganisationsfunktionsUUID. */
function acceptedHeaders(file: FileName): (readonly string[])[] {
  return [columnsOf(file, false), columnsOf(file, true)];
}

function checkHeader(file: FileName, name: string, header: string[]): void {
  const accepted = acceptedHeaders(file);
  if (accepted.some((columns) => sameList(columns, header))) return;
  const expected = accepted.map((columns) => columns.join(';')).filter((text, index, all) => all.indexOf(text) === index);
  throw new InvalidFile(name, 1, `the header is ${header.join(';')}, not ${expected.join(' or ')}`);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

type Decoded = string | { line: number; problem: string };

const encodingKey = settingsTable.csvEncoding.key;

const decoders: Record<CsvEncoding, (bytes: Buffer) => Decoded> = {
  'utf-8': (bytes) => {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { line: 1, problem: 'a byte order mark, which the contract does not allow' };
    const line = firstLineThat(bytes, (part) => !isUtf8(part));
    if (line !== undefined) return { line, problem: `not valid UTF-8 (if the files are windows-1252, set ${encodingKey} to "windows-1252")` };
    return bytes.toString('utf8');
  },
  'windows-1252': (bytes) => {
    const undefinedByte = bytes.findIndex((byte) => windows1252Unassigned.has(byte));
    if (undefinedByte >= 0) {
      return { line: lineAt(bytes, undefinedByte), problem: `byte 0x${(bytes[undefinedByte] ?? 0).toString(16)}, which is no windows-1252 character` };
    }
    const line = firstLineThat(bytes, (part) => part.some((byte) => byte >= 0x80) && isUtf8(part));
    if (line !== undefined) return { line, problem: `UTF-8 encoded, but ${encodingKey} is "windows-1252"` };
    return iconv.decode(bytes, 'windows-1252');
  },
};

/** The five bytes windows-1252 leaves unassigned. */
const windows1252Unassigned: ReadonlySet<number> = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The 1-based number of the first line (split at LF, which no multi-byte UTF-8 sequence contains) that `test` accepts. */
function firstLineThat(bytes: Buffer, test: (line: Buffer) => boolean): number | undefined {
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    if (test(bytes.subarray(start, stop))) return line;
    if (end < 0) return undefined;
    start = end + 1;
  }
  return undefined;
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = bytes.indexOf(0x0a); at >= 0 && at < offset; at = bytes.indexOf(0x0a, at + 1)) line += 1;
  return line;
}

/** A column whose values must be values of another file's key column. */
interface Reference {
  file: FileName;
  column: string;
  target: FileName;
  key: string;
  /** An empty value is allowed (the root unit's Parentid). */
  emptyAllowed?: boolean;
}

const references: readonly Reference[] = [
  { file: 'engagement', column: 'BrugerId', target: 'bruger', key: 'BrugerId' },
  { file: 'leder', column: 'BrugerId', target: 'bruger', key: 'BrugerId' },
  { file: 'engagement', column: 'AfdelingsId', target: 'organisation', key: 'AfdelingsID' },
  { file: 'leder', column: 'AfdelingsID', target: 'organisation', key: 'AfdelingsID' },
  { file: 'organisation', column: 'Parentid', target: 'organisation', key: 'AfdelingsID', emptyAllowed: true },
  { file: 'engagement', column: 'StillingskodeId', target: 'stillingskode', key: 'StillingskodeID' },
];

function checkReferences(parsed: ReadonlyMap<FileName, ParsedFile>): void {
  const keys = new Map<string, ReadonlySet<string>>();
  const keysOf = (file: ParsedFile, column: string) => {
    const id = `${file.file}.${column}`;
    const known = keys.get(id) ?? new Set(file.rows.map((row) => fieldOf(file, row, column)));
    keys.set(id, known);
    return known;
  };
  for (const reference of references) {
    const from = parsedFile(parsed, reference.file);
    const known = keysOf(parsedFile(parsed, reference.target), reference.key);
    for (const row of from.rows) {
      const value = fieldOf(from, row, reference.column);
      if ((value === '' && reference.emptyAllowed) || known.has(value)) continue;
      throw new InvalidFile(from.name, row.line, `${reference.column} ${shownId(value)} matches no ${reference.key} in ${csvFileName(reference.target)}`);
    }
  }
}

function parsedFile(parsed: ReadonlyMap<FileName, ParsedFile>, file: FileName): ParsedFile {
  const found = parsed.get(file);
  if (found === undefined) throw new Error(`${file} was not parsed`);
  return found;
}

function fieldOf(file: ParsedFile, row: CsvRecord, column: string): string {
  return row.fields[file.header.indexOf(column)] ?? '';
}

/** IDs are UUIDs; anything else is not echoed, since a misplaced column could hold a CPR number. */
function shownId(value: string): string {
  if (value === '') return '(empty)';
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : '(not a UUID)';
}
