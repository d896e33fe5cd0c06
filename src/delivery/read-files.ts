import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Table, TableRow } from '../compare/diff.js';
import type { CsvEncoding } from '../csv/encoding.js';
import { csvFileName } from '../csv/files.js';
import { columnsOf, fileNames, type FileName } from '../export/columns.js';
import { CsvFormatError, parseStrictCsv, type CsvRecord } from '../ship/strict-csv.js';
import { P2lError } from '../util/errors.js';

/** One of the five files as read: its bytes (as shipped and kept) and its rows. */
export interface DeliveryFile {
  /** `bruger.csv` */
  name: string;
  bytes: Buffer;
  table: Table;
}

export type DeliverySet = Record<FileName, DeliveryFile>;

export type Tables = Record<FileName, Table>;

/**
 * Reads the five files from a folder: each in the given encoding, in the
 * contract's strict CSV format, with one of the headers the contract allows.
 * A problem is a P2lError naming the file and line (never a field's value).
 */
export async function readDeliverySet(directory: string, encoding: CsvEncoding): Promise<DeliverySet> {
  const entries = await Promise.all(
    fileNames.map(async (file) => {
      const name = csvFileName(file);
      const path = join(directory, name);
      const bytes = await readFile(path).catch((error: unknown) => {
        throw new P2lError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
      });
      return [file, { name, bytes, table: tableOf(file, path, bytes, encoding) }] as const;
    }),
  );
  return Object.fromEntries(entries) as DeliverySet;
}

/** A value for each of the five files. */
export function perFile<T>(make: (file: FileName) => T): Record<FileName, T> {
  return Object.fromEntries(fileNames.map((file) => [file, make(file)])) as Record<FileName, T>;
}

export function tablesOf(set: DeliverySet): Tables {
  return perFile((file) => set[file].table);
}

/** The five files with their headers and no rows: what is compared against before the first delivery. */
export function emptyTables(like: Tables): Tables {
  return perFile((file) => ({ columns: like[file].columns, rows: [] }));
}

function tableOf(file: FileName, path: string, bytes: Buffer, encoding: CsvEncoding): Table {
  const [header, ...records] = parse(path, decoders[encoding](bytes, path));
  if (header === undefined) throw new P2lError(`${path}: empty, not even a header row`);
  const columns = header.fields;
  const accepted = [columnsOf(file, false), columnsOf(file, true)];
  if (!accepted.some((expected) => expected.length === columns.length && expected.every((column, index) => column === columns[index]))) {
    throw new P2lError(`${path} line 1: not the header of ${csvFileName(file)}`);
  }
  return { columns, rows: records.map((record) => rowOf(path, columns, record)) };
}

function parse(path: string, text: string): CsvRecord[] {
  try {
    return parseStrictCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new P2lError(`${path} line ${error.line}: ${error.message}`);
    throw error;
  }
}

function rowOf(path: string, columns: readonly string[], record: CsvRecord): TableRow {
  if (record.fields.length !== columns.length) {
    throw new P2lError(`${path} line ${record.line}: ${record.fields.length} fields where the header has ${columns.length}`);
  }
  return Object.fromEntries(columns.map((column, index) => [column, record.fields[index] ?? '']));
}

const decoders: Record<CsvEncoding, (bytes: Buffer, path: string) => string> = {
  'utf-8': (bytes, path) => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new P2lError(`${path}: not valid UTF-8`);
    }
  },
  'windows-1252': (bytes) => iconv.decode(bytes, 'windows-1252'),
};
