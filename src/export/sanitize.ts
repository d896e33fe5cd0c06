import { windows1252Text, type CsvEncoding } from '../csv/encoding.js';
import type { FileName, Rows } from './columns.js';
import type { Warning, WarningKind } from './warnings.js';

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

interface Step {
  kind: WarningKind;
  clean: (value: string) => string;
}

const controlCharactersReplaced: Step = { kind: 'control-characters-replaced', clean: (value) => value.replace(controlCharacters, ' ') };
const longValueCut: Step = { kind: 'long-value-cut', clean: (value) => (value.length > maxFieldLength ? value.slice(0, maxFieldLength) : value) };

/** What each encoding adds to the steps: windows-1252 cannot hold every character, so the export replaces them rather than the writer stopping. */
const encodingSteps: Record<CsvEncoding, Step[]> = {
  'utf-8': [],
  'windows-1252': [{ kind: 'unencodable-character-replaced', clean: windows1252Text }],
};

/**
 * Every value as it may be written: control characters replaced by a space,
 * in windows-1252 characters it cannot hold replaced by their base letter or
 * `?`, values over maxFieldLength cut; each change counted as a warning
 * naming the row and column (never the value, which may be personal).
 */
export function sanitizedRows(rows: Rows, encoding: CsvEncoding, warnings: Warning[]): Rows {
  const steps = [controlCharactersReplaced, ...encodingSteps[encoding], longValueCut];
  const clean = {} as Record<FileName, Record<string, string>[]>;
  for (const file of Object.keys(rows) as FileName[]) {
    clean[file] = rows[file].map((row: Record<string, string>) => sanitizedRow(row, subjectColumn[file], steps, warnings));
  }
  return clean as Rows;
}

function sanitizedRow(row: Record<string, string>, subject: string, steps: readonly Step[], warnings: Warning[]): Record<string, string> {
  let changed: Record<string, string> | undefined;
  for (const [column, value] of Object.entries(row)) {
    let clean = value;
    for (const step of steps) {
      const next = step.clean(clean);
      if (next === clean) continue;
      clean = next;
      warnings.push({ kind: step.kind, subject: `${row[subject] ?? ''} ${column}` });
    }
    if (clean !== value) (changed ??= { ...row })[column] = clean;
  }
  return changed ?? row;
}
