import { resolve } from 'node:path';
import { columnsOf, fileNames, type Rows } from '../export/columns.js';
import type { CsvEncoding } from './encoding.js';
import { publishFileSet } from '../output/file-set.js';
import { csvBytes } from './write.js';

export interface CsvFormat {
  encoding: CsvEncoding;
  managerFunctionUuidColumn: boolean;
}

/** `bruger.csv`, ... */
export const csvFileName = (file: string) => `${file}.csv`;

/**
 * Writes the five files as one set at `directory`, which replaces the
 * previous set in one step (see publishFileSet): bad data met while
 * encoding a file stops the run with the previous set untouched. Each file
 * is encoded as it is written, so one file's text is held at a time.
 */
export async function writeCsvFiles(directory: string, rows: Rows, format: CsvFormat): Promise<void> {
  const files = fileNames.map((file) => ({
    name: csvFileName(file),
    bytes: () => csvBytes(csvFileName(file), columnsOf(file, format.managerFunctionUuidColumn), rows[file], format.encoding),
  }));
  await publishFileSet(resolve(directory), files);
}
