import { csvFileName } from '../csv/files.js';
import type { FileName } from '../export/columns.js';
import { settingsTable } from '../settings/table.js';
import { P2lError } from '../util/errors.js';
import type { Delta } from './delta.js';

/** The exit code of a delivery the deletion guard stopped. */
export const guardExitCode = 4;

export interface GuardLimits {
  /** At most this many rows may disappear (deletion_guard_count). */
  count: number;
  /** At most this percentage of the last delivery's rows may disappear (deletion_guard_percent). */
  percent: number;
}

/** What the guard watches: persons disappearing from bruger.csv, units from organisation.csv. */
const guarded: readonly { kind: string; file: FileName }[] = [
  { kind: 'persons', file: 'bruger' },
  { kind: 'units', file: 'organisation' },
];

export interface Removal {
  kind: string;
  file: FileName;
  /** Rows of the last delivery whose key is not in the new set. */
  removed: number;
  /** Rows of the last delivery. */
  previous: number;
  /** The most that may disappear in this run. */
  limit: number;
}

export interface GuardVerdict {
  /** No earlier delivery: nothing can disappear, and the guard does not apply. */
  first: boolean;
  removals: Removal[];
  /** The removals over their limit; any, and nothing is shipped. */
  over: Removal[];
  limits: GuardLimits;
  /** --allow-deletions for this run, which replaces the limits. */
  allowed: number | null;
}

/**
 * The most rows that may disappear from a file whose last delivery had
 * `previous` rows: the smaller of the count and the percentage of
 * `previous`, rounded down, so that the guard stops a run exactly when more
 * than `percent`% (or more than `count`) would disappear.
 */
export function deletionLimit(previous: number, limits: GuardLimits): number {
  return Math.min(limits.count, Math.floor((limits.percent * previous) / 100));
}

/** The guard's verdict on a delta against the last delivery (`against: null`: the first delivery). */
export function checkDeletions(delta: Delta, limits: GuardLimits, allowed: number | null): GuardVerdict {
  const first = delta.against === null;
  const removals = first
    ? []
    : guarded.map(({ kind, file }) => {
        const { removed, before } = delta.files[file];
        return { kind, file, removed: removed.length, previous: before, limit: allowed ?? deletionLimit(before, limits) };
      });
  return { first, removals, over: removals.filter(({ removed, limit }) => removed > limit), limits, allowed };
}

export function passes(verdict: GuardVerdict): boolean {
  return verdict.over.length === 0;
}

/** The one-line refusal (exit 4): the counts, the limit and where it comes from, and how to confirm. */
export function guardRefusal(verdict: GuardVerdict): P2lError {
  return new P2lError(`nothing shipped: ${refusalText(verdict, 'stops')}`, guardExitCode);
}

/** What the guard says about a delivery it does not let through (`would stop` in a dry run). */
export function refusalText(verdict: GuardVerdict, verb: 'stops' | 'would stop'): string {
  const counts = verdict.over.map((r) => `${r.removed} of ${r.previous} ${r.kind} (${csvFileName(r.file)}, limit ${r.limit})`).join(' and ');
  const confirm = Math.max(...verdict.over.map(({ removed }) => removed));
  return (
    `the deletion guard ${verb} this delivery: it removes ${counts}; ${limitRule(verdict)}; ` +
    `if MO is right and the change is intended, ship again with --allow-deletions ${confirm}`
  );
}

/** One line on a delivery the guard lets through. */
export function guardSummary(verdict: GuardVerdict): string {
  const counts = verdict.removals.map((r) => `${r.removed} of ${r.previous} ${r.kind} (limit ${r.limit})`).join(' and ');
  return `deletion guard: this delivery removes ${counts}`;
}

function limitRule({ limits, allowed }: GuardVerdict): string {
  if (allowed !== null) return `--allow-deletions ${allowed} allows at most ${allowed}`;
  return (
    `the limit is the smaller of ${limits.count} (${settingsTable.deletionGuardCount.key}) and ${limits.percent}% ` +
    `(${settingsTable.deletionGuardPercent.key}) of the last delivery's rows, rounded down`
  );
}
