import type { FileName, Rows } from './columns.js';
import type { Warning } from './warnings.js';

/** Longer values are cut: no field of Plan2Learn's import is meant to hold more. */
export const maxFieldLength = 500;

// C0 and C1 control characters, CR and LF included: a line break inside a
// name would survive CSV quoting but not every importer. Matching control
// characters is the point here, hence the lint exception.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g;

/** The column naming a row in warnings: the row's own UUID column. */
const subjectColumn: Record<FileName, string> = {
  bruger: 'BrugerId',
  organisation: 'AfdelingsID',
  engagement: 'EngagementId',
  stillingskode: 'StillingskodeID',
  leder: 'OrganisationsfunktionsUUID',
};

/**
 * Every value as it may be written: control characters replaced by a space,
 * values over maxFieldLength cut; each change counted as a warning naming
 * the row (never the value, which may be personal).
 */
export function sanitizedRows(rows: Rows, warnings: Warning[]): Rows {
  const clean = {} as Record<FileName, Record<string, string>[]>;
  for (const file of Object.keys(rows) as FileName[]) {
    clean[file] = rows[file].map((row: Record<string, string>) => sanitizedRow(row, subjectColumn[file], warnings));
  }
  return clean as Rows;
}

function sanitizedRow(row: Record<string, string>, subject: string, warnings: Warning[]): Record<string, string> {
  let changed: Record<string, string> | undefined;
  for (const [column, value] of Object.entries(row)) {
    let clean = value;
    if (clean.search(controlCharacters) >= 0) {
      clean = clean.replace(controlCharacters, ' ');
      warnings.push({ kind: 'control-characters-replaced', subject: `${row[subject] ?? ''} ${column}` });
    }
    if (clean.length > maxFieldLength) {
      clean = clean.slice(0, maxFieldLength);
      warnings.push({ kind: 'long-value-cut', subject: `${row[subject] ?? ''} ${column}` });
    }
    if (clean !== value) (changed ??= { ...row })[column] = clean;
  }
  return changed ?? row;
}
