/**
 * The export core alone: a snapshot already in memory → the five files
 * written (buildExport + writeCsvFiles), timed run by run.
 */
import { writeCsvFiles } from '../csv/files.js';
import { buildExport } from '../export/build.js';
import { fileNames, type FileName } from '../export/columns.js';
import { exportOptionsOf } from '../settings/export-options.js';
import type { Settings } from '../settings/table.js';
import type { Snapshot } from '../snapshot.js';

export interface CoreRun {
  /** buildExport */
  buildSeconds: number;
  /** writeCsvFiles */
  writeSeconds: number;
}

export interface CoreResult {
  /** The first run is what one `p2l export` pays (cold JIT); the others show the steady state. */
  runs: CoreRun[];
  rows: Record<FileName, number>;
}

export const coreSeconds = (run: CoreRun): number => run.buildSeconds + run.writeSeconds;

async function timeOnce(snapshot: Snapshot, settings: Settings, today: string, out: string): Promise<{ run: CoreRun; rows: CoreResult['rows'] }> {
  const started = performance.now();
  const { rows } = buildExport(snapshot, exportOptionsOf(settings), today);
  const built = performance.now();
  await writeCsvFiles(out, rows, { encoding: settings.csvEncoding, managerFunctionUuidColumn: settings.managerFunctionUuidColumn });
  const written = performance.now();
  const counts = Object.fromEntries(fileNames.map((file) => [file, rows[file].length])) as Record<FileName, number>;
  return { run: { buildSeconds: (built - started) / 1000, writeSeconds: (written - built) / 1000 }, rows: counts };
}

/** `repeats` runs of the core on the same snapshot, writing into `out` each time. */
export async function timeCore(snapshot: Snapshot, settings: Settings, today: string, out: string, repeats: number): Promise<CoreResult> {
  const runs: CoreRun[] = [];
  let rows: CoreResult['rows'] | undefined;
  for (let i = 0; i < repeats; i++) {
    const once = await timeOnce(snapshot, settings, today, out);
    runs.push(once.run);
    rows = once.rows;
  }
  if (!rows) throw new RangeError('the core needs at least one run');
  return { runs, rows };
}
