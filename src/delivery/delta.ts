import { diffTables } from '../compare/diff.js';
import { csvFileName } from '../csv/files.js';
import { fileNames, type FileName } from '../export/columns.js';
import { removeAbandonedTemporaries, writeFileAtomically } from '../util/files.js';
import { emptyTables, perFile, type Tables } from './read-files.js';

/**
 * What a delivery changes in one file, by key (the file's UUID column) and
 * column name only: no value of any field, so no CPR number and no name.
 */
export interface FileDelta {
  /** Rows before and after. */
  before: number;
  after: number;
  added: string[];
  removed: string[];
  changed: { key: string; columns: string[] }[];
}

/** What the delta was taken against: a delivery from the history, another folder, or nothing (the first delivery). */
export type Against = { deliveredAt: string; folder: string } | { folder: string } | null;

export interface Delta {
  against: Against;
  files: Record<FileName, FileDelta>;
}

export const deltaFileName = 'delta.json';

/** The delta from `before` (null: nothing delivered yet) to `after`; row order is never a change. */
export function deltaOf(before: Tables | null, after: Tables, against: Against): Delta {
  const base = before ?? emptyTables(after);
  return { against, files: perFile((file) => fileDeltaOf(file, base, after)) };
}

function fileDeltaOf(file: FileName, before: Tables, after: Tables): FileDelta {
  const diff = diffTables(file, before[file], after[file]);
  return {
    before: before[file].rows.length,
    after: after[file].rows.length,
    added: diff.onlyRight.map(shownKey),
    removed: diff.onlyLeft.map(shownKey),
    changed: diff.changed.map(({ key, columns }) => ({ key: shownKey(key), columns: columns.map(({ column }) => column) })),
  };
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const keyPattern = new RegExp(`^${uuid}(/${uuid})?$`, 'i');

/** Keys are UUIDs by the contract; anything else is not echoed, since a misplaced column could hold a CPR number. */
function shownKey(key: string): string {
  return keyPattern.test(key) ? key : '(not a UUID)';
}

export function hasChanges(delta: Delta): boolean {
  return fileNames.some((file) => {
    const { added, removed, changed } = delta.files[file];
    return added.length + removed.length + changed.length > 0;
  });
}

/** Writes `delta.json` into the folder of the files, whole or not at all (0600). */
export async function writeDeltaJson(directory: string, delta: Delta): Promise<void> {
  await removeAbandonedTemporaries(directory, deltaFileName);
  await writeFileAtomically(directory, deltaFileName, Buffer.from(`${JSON.stringify(delta, null, 2)}\n`));
}

/** The short table an operator reads: per file, rows before and after, added, removed, changed, and which columns changed how often. */
export function describeDelta(delta: Delta): string[] {
  const header = ['file', 'before', 'after', 'added', 'removed', 'changed', 'changed columns'];
  const rows = fileNames.map((file) => {
    const d = delta.files[file];
    return [csvFileName(file), d.before, d.after, d.added.length, d.removed.length, d.changed.length].map(String).concat(columnCounts(d));
  });
  return [`delta ${describeAgainst(delta.against)}:`, ...alignedTable([header, ...rows])];
}

export function describeAgainst(against: Against): string {
  if (against === null) return 'against nothing (no earlier delivery)';
  if ('deliveredAt' in against) return `against the delivery of ${against.deliveredAt} (${against.folder})`;
  return `against ${against.folder}`;
}

/** `Navn 2, Stilling 1`: each changed column with the rows it changed in, most first. */
function columnCounts(delta: FileDelta): string {
  const counts = new Map<string, number>();
  for (const { columns } of delta.changed) for (const column of columns) counts.set(column, (counts.get(column) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([column, count]) => `${column} ${count}`)
    .join(', ');
}

/** The first column left-aligned, numbers right-aligned, the last column as it is. */
function alignedTable(rows: readonly string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, index) => {
        if (index === row.length - 1) return cell;
        return index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0);
      })
      .join('  ')
      .trimEnd(),
  );
}
