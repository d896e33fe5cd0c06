import { describeSource, parseSource, readSnapshot, type Source } from '../backend/read.js';
import { saveCache } from '../cache/cache.js';
import { writeCsvFiles } from '../csv/files.js';
import { buildExport } from '../export/build.js';
import { exportOptionsOf } from '../settings/export-options.js';
import { shipDirectory, type ShipFlags } from '../ship/ship-directory.js';
import { loadSettings } from '../settings/load.js';
import type { Settings } from '../settings/table.js';
import { copenhagenDay } from '../util/days.js';
import { SettingsError } from '../util/errors.js';
import { flag, optionalDay, optionalPath, optionalText, shipFlagsOf, type RawOptions } from './options.js';
import { exportSummary } from './summary.js';

export interface ExportRun {
  source: Source;
  out: string;
  today: string;
  quiet: boolean;
  verbose: boolean;
  resolveDar: boolean;
  saveCache?: string | undefined;
  /** Ship the files after writing them. */
  ship?: ShipFlags | undefined;
}

/** Read a snapshot, optionally keep it as a cache, build the five files, write them, and print the summary. */
export async function runExport(settings: Settings, run: ExportRun): Promise<void> {
  const started = performance.now();
  const now = new Date();
  const read = await readSnapshot(run.source, settings, {
    today: run.today,
    quiet: run.quiet,
    withHistory: settings.startDate === 'earliest',
    resolveDar: run.resolveDar,
    now,
  });
  if (run.saveCache) await saveCache(run.saveCache, read.snapshot, read.origin, now);
  const { rows, warnings } = buildExport(read.snapshot, exportOptionsOf(settings), run.today);
  await writeCsvFiles(run.out, rows, { encoding: settings.csvEncoding, managerFunctionUuidColumn: settings.managerFunctionUuidColumn });
  const seconds = (performance.now() - started) / 1000;
  for (const line of exportSummary(rows, warnings, read, seconds, run.verbose)) console.log(line);
  if (run.ship) await shipDirectory(settings, run.out, run.ship, (line) => console.error(line));
}

/** The source --backend and --read-from-cache name. */
export function sourceOf(options: RawOptions): Source {
  const cache = optionalPath(options, 'readFromCache');
  const backend = optionalText(options, 'backend') ?? 'mo';
  const source = parseSource(backend);
  if (!source || source.kind === 'cache') throw new SettingsError('--backend must be mo or lora (use --read-from-cache DIR for a cache)');
  return cache ? { kind: 'cache', directory: cache } : source;
}

export async function exportCommand(options: RawOptions): Promise<void> {
  if (flag(options, 'quiet') && flag(options, 'verbose')) throw new SettingsError('--quiet and --verbose exclude each other');
  const source = sourceOf(options);
  const saveTo = optionalPath(options, 'saveCache');
  if (saveTo && source.kind === 'cache') throw new SettingsError('--save-cache and --read-from-cache exclude each other');
  const run: ExportRun = {
    source,
    out: optionalPath(options, 'out') ?? 'out',
    today: optionalDay(options, 'today') ?? copenhagenDay(new Date()),
    quiet: flag(options, 'quiet'),
    verbose: flag(options, 'verbose'),
    resolveDar: options['resolveDar'] !== false,
    saveCache: saveTo,
    ship: flag(options, 'ship') ? shipFlagsOf(options) : undefined,
  };
  if (!run.ship && (flag(options, 'dryRun') || flag(options, 'allowEmpty') || flag(options, 'insecureSkipTlsVerify'))) {
    throw new SettingsError('--dry-run, --allow-empty and --insecure-skip-tls-verify go with --ship');
  }
  await runExport(await loadSettings(optionalPath(options, 'settings')), run);
  if (!run.quiet) console.error(`p2l: exported from ${describeSource(source)} into ${run.out}`);
}
