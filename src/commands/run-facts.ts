import type { GuardVerdict } from '../delivery/guard.js';
import { loadSettings } from '../settings/load.js';
import type { Settings } from '../settings/table.js';
import { recordMetricsFile, recordRun } from '../util/run-summary.js';
import { optionalPath, type RawOptions } from './options.js';

/** The run's settings (`loadSettings` says where they come from); the metrics file they name is kept for the end of the run. */
export async function settingsOfRun(options: RawOptions): Promise<Settings> {
  const settings = await loadSettings(optionalPath(options, 'settings'));
  recordMetricsFile(settings.metricsFile);
  return settings;
}

/** Records, for the run's metrics, the rows the delivery removes per kind the deletion guard watches. */
export function recordDeletions(verdict: GuardVerdict): void {
  recordRun({ deletions: Object.fromEntries(verdict.removals.map(({ kind, removed }) => [kind, removed])) });
}
