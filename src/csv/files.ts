import { resolve } from 'node:path';
import { columnsOf, fileNames, type Rows } from '../export/columns.js';
import type { CsvEncoding } from './encoding.js';
import { publishFileSet } from '../output/file-set.js';
import { csvBlocks } from './write.js';

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
 * is encoded block by block as it is written, so no file's whole text is
 * held at once.
 */
export async function writeCsvFiles(directory: string, rows: Rows, format: CsvFormat): Promise<void> {
  const files = fileNames.map((file) => ({
    name: csvFileName(file),
    blocks: () => csvBlocks(csvFileName(file), columnsOf(file, format.managerFunctionUuidColumn), rows[file], format.encoding),
  }));
  await publishFileSet(resolve(directory), files);
}
