import { writeCsvFiles } from '../csv/files.js';
import { buildExport } from '../export/build.js';
import { exportOptionsOf } from '../settings/export-options.js';
import { loadSettings } from '../settings/load.js';
import type { Settings } from '../settings/table.js';
import { copenhagenDay } from '../util/days.js';
import { SettingsError } from '../util/errors.js';
import { fetchFromMo } from './fetch.js';
import { flag, optionalDay, optionalPath, optionalText, type RawOptions } from './options.js';
import { exportSummary } from './summary.js';

export interface ExportRunOptions {
  out: string;
  today: string;
  quiet: boolean;
  verbose: boolean;
}

/** Fetch, build the five files, write them, and print the summary. */
export async function runExport(settings: Settings, run: ExportRunOptions): Promise<void> {
  const started = performance.now();
  const fetched = await fetchFromMo(settings, run.today, run.quiet, settings.startDate === 'earliest');
  const { rows, warnings } = buildExport(fetched.snapshot, exportOptionsOf(settings), run.today);
  await writeCsvFiles(run.out, rows, { encoding: settings.csvEncoding, managerFunctionUuidColumn: settings.managerFunctionUuidColumn });
  const seconds = (performance.now() - started) / 1000;
  for (const line of exportSummary(rows, warnings, fetched, seconds, run.verbose)) console.log(line);
}

const backends = ['mo'];

export async function exportCommand(options: RawOptions): Promise<void> {
  const backend = optionalText(options, 'backend') ?? 'mo';
  if (!backends.includes(backend)) throw new SettingsError(`--backend must be one of ${backends.join(', ')}`);
  if (flag(options, 'quiet') && flag(options, 'verbose')) throw new SettingsError('--quiet and --verbose exclude each other');
  const run = {
    out: optionalPath(options, 'out') ?? 'out',
    today: optionalDay(options, 'today') ?? copenhagenDay(new Date()),
    quiet: flag(options, 'quiet'),
    verbose: flag(options, 'verbose'),
  };
  await runExport(await loadSettings(optionalPath(options, 'settings')), run);
}
