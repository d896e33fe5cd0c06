import { csvFileName } from '../csv/files.js';
import { warningKinds } from '../export/warnings.js';
import type { RunSummary } from '../util/run-summary.js';
import type { RunMetrics } from './samples.js';

/**
 * The metrics of a run from what it recorded for its summary: files by
 * their names (`bruger.csv`), and every warning kind, 0 for those that did
 * not occur, so that a kind's series never disappears.
 */
export function metricsOfRun(facts: Readonly<RunSummary>, exitCode: number, durationSeconds: number, finishedAt: Date): RunMetrics {
  return {
    command: facts.command,
    success: exitCode === 0,
    durationSeconds,
    finishedAt,
    rows: facts.rows && Object.fromEntries(Object.entries(facts.rows).map(([file, rows]) => [csvFileName(file), rows])),
    warnings: facts.warnings === undefined ? undefined : Object.fromEntries(Object.keys(warningKinds).map((kind) => [kind, facts.warningKinds?.[kind] ?? 0])),
    deletions: facts.deletions,
  };
}
