import { csvFileName } from '../csv/files.js';
import { fileNames, type FileName, type Rows } from '../export/columns.js';
import { compareCodePoints } from '../util/order.js';

/** The column that identifies a row of each file (leder.csv's is the manager role, written only in the RSD variant). */
export const keyColumns: Record<FileName, string> = {
  bruger: 'BrugerId',
  organisation: 'AfdelingsID',
  engagement: 'EngagementId',
  stillingskode: 'StillingskodeID',
  leder: 'OrganisationsfunktionsUUID',
};

/** Columns whose values are never printed. */
const privateColumns = new Set(['CPR']);

export interface ChangedRow {
  key: string;
  columns: { column: string; left: string; right: string }[];
}

export interface FileDiff {
  file: FileName;
  onlyLeft: string[];
  onlyRight: string[];
  changed: ChangedRow[];
}

/** Per file: the keys only on one side, and the rows on both sides whose columns differ (row order is not a difference). */
export function diffRows(left: Rows, right: Rows): FileDiff[] {
  return fileNames.map((file) => diffFile(file, left[file], right[file]));
}

function diffFile(file: FileName, left: readonly Record<string, string>[], right: readonly Record<string, string>[]): FileDiff {
  const key = keyColumns[file];
  const rightByKey = new Map(right.map((row) => [row[key] ?? '', row]));
  const leftKeys = new Set<string>();
  const diff: FileDiff = { file, onlyLeft: [], onlyRight: [], changed: [] };
  for (const row of left) {
    const id = row[key] ?? '';
    leftKeys.add(id);
    const other = rightByKey.get(id);
    if (!other) {
      diff.onlyLeft.push(id);
      continue;
    }
    const columns = Object.keys(row)
      .filter((column) => row[column] !== other[column])
      .map((column) => ({ column, left: row[column] ?? '', right: other[column] ?? '' }));
    if (columns.length > 0) diff.changed.push({ key: id, columns });
  }
  diff.onlyRight = right.map((row) => row[key] ?? '').filter((id) => !leftKeys.has(id));
  diff.onlyLeft.sort(compareCodePoints);
  diff.onlyRight.sort(compareCodePoints);
  diff.changed.sort((a, b) => compareCodePoints(a.key, b.key));
  return diff;
}

export function isIdentical(diffs: readonly FileDiff[]): boolean {
  return diffs.every((d) => d.onlyLeft.length === 0 && d.onlyRight.length === 0 && d.changed.length === 0);
}

/** The report: per file a count line, then every row only on one side and every changed column (CPR values masked). */
export function describeDiff(diffs: readonly FileDiff[], leftName: string, rightName: string): string[] {
  const lines: string[] = [];
  for (const diff of diffs) {
    const name = csvFileName(diff.file);
    lines.push(`${name}: ${diff.onlyLeft.length} only in ${leftName}, ${diff.onlyRight.length} only in ${rightName}, ${diff.changed.length} differ`);
    for (const key of diff.onlyLeft) lines.push(`  only in ${leftName}: ${key}`);
    for (const key of diff.onlyRight) lines.push(`  only in ${rightName}: ${key}`);
    for (const { key, columns } of diff.changed) {
      const shown = columns.map(({ column, left, right }) =>
        privateColumns.has(column) ? `${column} differs` : `${column}: ${JSON.stringify(left)} (${leftName}) vs ${JSON.stringify(right)} (${rightName})`,
      );
      lines.push(`  differs ${key}: ${shown.join('; ')}`);
    }
  }
  return lines;
}
