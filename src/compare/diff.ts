import { csvFileName } from '../csv/files.js';
import { fileColumns, fileNames, type FileName, type Rows } from '../export/columns.js';
import { compareCodePoints } from '../util/order.js';

/**
 * The columns that identify a row of each file, most specific first: the
 * first whose columns both sides have is used. leder.csv carries the manager
 * role's UUID only in the RSD variant; without it a manager is the person in
 * the unit.
 */
export const keyCandidates: Record<FileName, readonly (readonly string[])[]> = {
  bruger: [['BrugerId']],
  organisation: [['AfdelingsID']],
  engagement: [['EngagementId']],
  stillingskode: [['StillingskodeID']],
  leder: [['OrganisationsfunktionsUUID'], ['BrugerId', 'AfdelingsID']],
};

/** The key columns to diff two versions of a file by, given the columns each side has. */
export function keyColumnsFor(file: FileName, left: readonly string[], right: readonly string[]): readonly string[] {
  const candidates = keyCandidates[file];
  const usable = candidates.find((key) => key.every((column) => left.includes(column) && right.includes(column)));
  return usable ?? (candidates.at(-1) as readonly string[]);
}

/** Columns whose values are never printed. */
const privateColumns = new Set(['CPR']);

export type TableRow = Readonly<Record<string, string>>;

/** A file's rows under its header. */
export interface Table {
  columns: readonly string[];
  rows: readonly TableRow[];
}

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
  const table = (rows: readonly TableRow[], file: FileName): Table => ({ columns: fileColumns[file], rows });
  return fileNames.map((file) => diffTables(file, table(left[file], file), table(right[file], file)));
}

/**
 * The diff of two versions of one file, keyed by `keyColumnsFor` (a key of
 * several columns joins their values with `/`). Rows that share a key are
 * matched as a group: identical rows first, the rest in the order of their
 * contents, so reordering them is not a difference either.
 */
export function diffTables(file: FileName, left: Table, right: Table): FileDiff {
  const key = keyColumnsFor(file, left.columns, right.columns);
  const columns = [...new Set([...left.columns, ...right.columns])];
  const leftGroups = groupedByKey(left.rows, key);
  const rightGroups = groupedByKey(right.rows, key);
  const diff: FileDiff = { file, onlyLeft: [], onlyRight: [], changed: [] };
  for (const id of new Set([...leftGroups.keys(), ...rightGroups.keys()])) {
    diffGroup(id, leftGroups.get(id) ?? [], rightGroups.get(id) ?? [], columns, diff);
  }
  diff.onlyLeft.sort(compareCodePoints);
  diff.onlyRight.sort(compareCodePoints);
  diff.changed.sort((a, b) => compareCodePoints(a.key, b.key));
  return diff;
}

function groupedByKey(rows: readonly TableRow[], key: readonly string[]): Map<string, TableRow[]> {
  const groups = new Map<string, TableRow[]>();
  for (const row of rows) {
    const id = key.map((column) => row[column] ?? '').join('/');
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

function diffGroup(id: string, left: readonly TableRow[], right: readonly TableRow[], columns: readonly string[], diff: FileDiff): void {
  const changedColumns = (a: TableRow, b: TableRow) =>
    columns.filter((column) => (a[column] ?? '') !== (b[column] ?? '')).map((column) => ({ column, left: a[column] ?? '', right: b[column] ?? '' }));
  const unmatched = [...right];
  const rest = left.filter((row) => {
    const same = unmatched.findIndex((other) => changedColumns(row, other).length === 0);
    if (same >= 0) unmatched.splice(same, 1);
    return same < 0;
  });
  const contents = (row: TableRow) => JSON.stringify(columns.map((column) => row[column] ?? ''));
  const byContents = (a: TableRow, b: TableRow) => compareCodePoints(contents(a), contents(b));
  rest.sort(byContents);
  unmatched.sort(byContents);
  rest.forEach((row, index) => {
    const other = unmatched[index];
    if (other) diff.changed.push({ key: id, columns: changedColumns(row, other) });
    else diff.onlyLeft.push(id);
  });
  diff.onlyRight.push(...unmatched.slice(rest.length).map(() => id));
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
