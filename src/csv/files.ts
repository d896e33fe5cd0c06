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
 * Writes the five files as one set at `directory`: every file is encoded
 * first (bad data stops the run with nothing touched), then the set
 * replaces the previous one in one step (see publishFileSet).
 */
export async function writeCsvFiles(directory: string, rows: Rows, format: CsvFormat): Promise<void> {
  const encoded = fileNames.map((file) => ({
    name: csvFileName(file),
    bytes: csvBytes(csvFileName(file), columnsOf(file, format.managerFunctionUuidColumn), rows[file], format.encoding),
  }));
  await publishFileSet(resolve(directory), encoded);
}
