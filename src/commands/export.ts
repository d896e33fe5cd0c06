import { resolve } from 'node:path';
import { parseSource, readSnapshot, type Source } from '../backend/read.js';
import { prepareCacheFolder, saveCache } from '../cache/cache.js';
import { writeCsvFiles } from '../csv/files.js';
import { buildExport } from '../export/build.js';
import { fileNames } from '../export/columns.js';
import { countWarnings } from '../export/warnings.js';
import { prepareOutput } from '../output/file-set.js';
import { lockOutput } from '../output/lock.js';
import { explainFsError } from '../util/fs-errors.js';
import { info, note, warn } from '../util/log.js';
import { collectGarbage } from '../util/memory.js';
import { recordRun } from '../util/run-summary.js';
import { exportOptionsOf } from '../settings/export-options.js';
import { shipGuarded, type DeliveryFlags } from '../delivery/ship-guarded.js';
import type { Settings } from '../settings/table.js';
import { copenhagenDay } from '../util/days.js';
import { SettingsError } from '../util/errors.js';
import { allowDeletionsOf, flag, optionalDay, optionalPath, optionalText, shipFlagsOf, type RawOptions } from './options.js';
import { recordDeletions, settingsOfRun } from './run-facts.js';
import { exportSummary } from './summary.js';

export interface ExportRun {
  source: Source;
  out: string;
  today: string;
  quiet: boolean;
  verbose: boolean;
  resolveDar: boolean;
  saveCache?: string | undefined;
  /** Ship the files after writing them (through the deletion guard, into the delivery history). */
  ship?: DeliveryFlags | undefined;
}

/**
 * Read a snapshot, optionally keep it as a cache, build the five files,
 * write them as one set, print the summary, and ship them if asked; all
 * under a lock on the output folder.
 */
export async function runExport(settings: Settings, run: ExportRun): Promise<void> {
  // --out is checked, and its lock taken, before anything is asked of MO: a bad --out costs no request.
  const out = resolve(run.out);
  await prepareOutput(out);
  if (run.saveCache) await prepareCacheFolder(run.saveCache);
  const lock = await lockOutput(out, (line) => warn(line)).catch((error: unknown) => {
    throw explainFsError(error, `${out}.lock`, true);
  });
  try {
    await lockedExport(settings, run);
  } finally {
    await lock.release();
  }
}

async function lockedExport(settings: Settings, run: ExportRun): Promise<void> {
  const started = performance.now();
  const now = new Date();
  const read = await readSnapshot(run.source, settings, {
    today: run.today,
    quiet: run.quiet,
    withHistory: settings.startDate === 'earliest',
    resolveDar: run.resolveDar,
    now,
  });
  collectGarbage();
  if (run.saveCache) await saveCache(run.saveCache, read.snapshot, read.origin, now);
  const { rows, warnings } = buildExport(read.snapshot, exportOptionsOf(settings), run.today);
  await writeCsvFiles(run.out, rows, { encoding: settings.csvEncoding, managerFunctionUuidColumn: settings.managerFunctionUuidColumn }).catch(
    (error: unknown) => {
      throw explainFsError(error, resolve(run.out));
    },
  );
  recordRun({
    rows: Object.fromEntries(fileNames.map((file) => [file, rows[file].length])),
    warnings: warnings.length,
    warningKinds: Object.fromEntries(countWarnings(warnings)),
  });
  const seconds = (performance.now() - started) / 1000;
  for (const line of exportSummary(rows, warnings, read, seconds, run.verbose)) info(line);
  if (run.ship) {
    await shipGuarded(settings, run.out, run.ship, (line) => note(line), { backend: read.origin.backend, onVerdict: recordDeletions });
    recordRun({ shipped: !run.ship.dryRun });
  }
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
    ship: flag(options, 'ship') ? { ...shipFlagsOf(options), allowDeletions: allowDeletionsOf(options) } : undefined,
  };
  const shipOnly = flag(options, 'dryRun') || flag(options, 'allowEmpty') || flag(options, 'insecureSkipTlsVerify') || options['allowDeletions'] !== undefined;
  if (!run.ship && shipOnly) {
    throw new SettingsError('--dry-run, --allow-empty, --allow-deletions and --insecure-skip-tls-verify go with --ship');
  }
  await runExport(await settingsOfRun(options), run);
}
