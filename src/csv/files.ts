import { mkdir } from 'node:fs/promises';
import { columnsOf, fileNames, type Rows } from '../export/columns.js';
import type { CsvEncoding } from './encoding.js';
import { writeFileAtomically } from '../util/files.js';
import { csvBytes } from './write.js';

export interface CsvFormat {
  encoding: CsvEncoding;
  managerFunctionUuidColumn: boolean;
}

/** `bruger.csv`, ... */
export const csvFileName = (file: string) => `${file}.csv`;

/**
 * Writes the five files into `directory`. Every file is encoded before the
 * first is written, so bad data stops the run with no file touched; each
 * file then replaces its predecessor in one rename.
 */
export async function writeCsvFiles(directory: string, rows: Rows, format: CsvFormat): Promise<void> {
  const encoded = fileNames.map((file) => ({
    name: csvFileName(file),
    bytes: csvBytes(csvFileName(file), columnsOf(file, format.managerFunctionUuidColumn), rows[file], format.encoding),
  }));
  await mkdir(directory, { recursive: true });
  for (const { name, bytes } of encoded) await writeFileAtomically(directory, name, bytes);
}
