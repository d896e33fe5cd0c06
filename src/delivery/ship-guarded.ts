import type { Settings } from '../settings/table.js';
import { defaultShipTuning, shipDirectory, type ShipFlags, type ShipReport, type ShipTuning } from '../ship/ship-directory.js';
import { shipTargetOf } from '../ship/target.js';
import { InvalidFile, validateFiles } from '../ship/validate-files.js';
import { P2lError, messageOf } from '../util/errors.js';
import { deltaAgainstLast, stateDirOf } from './against.js';
import { describeDelta, writeDeltaJson } from './delta.js';
import { checkDeletions, guardRefusal, guardSummary, passes, refusalText, type GuardLimits, type GuardVerdict } from './guard.js';
import { ensureStateDir, recordDelivery } from './history.js';

export interface DeliveryFlags extends ShipFlags {
  /** --allow-deletions: this run may remove up to this many persons and up to this many units. */
  allowDeletions: number | null;
}

export interface GuardedShipOptions {
  /** `mo` or `lora`, for the manifest, when the files come straight from an export. */
  backend?: string | undefined;
  tuning?: ShipTuning;
  /** Told the deletion guard's verdict as soon as it is known, whether or not the delivery then goes ahead (for the run's metrics). */
  onVerdict?: (verdict: GuardVerdict) => void;
}

export function guardLimitsOf(settings: Settings): GuardLimits {
  return { count: settings.deletionGuardCount, percent: settings.deletionGuardPercent };
}

/**
 * Every real shipment goes through here (`p2l ship`, `p2l export --ship`):
 * the files are checked, compared with the last delivery (the table on the
 * log, `delta.json` beside the files), and held back with exit 4 when more
 * persons or units would disappear than the deletion guard allows. Only a
 * delivery that succeeded is kept in the history. A dry run reports the
 * delta and the guard's verdict and keeps nothing.
 */
export async function shipGuarded(
  settings: Settings,
  directory: string,
  flags: DeliveryFlags,
  log: (line: string) => void,
  options: GuardedShipOptions = {},
): Promise<ShipReport> {
  shipTargetOf(settings);
  await validateFiles(directory, { encoding: settings.csvEncoding, allowEmpty: flags.allowEmpty }).catch((error: unknown) => {
    throw error instanceof InvalidFile ? new P2lError(`nothing shipped: ${error.message}`) : error;
  });
  const stateDir = stateDirOf(settings, directory);
  const { set, delta } = await deltaAgainstLast(directory, stateDir, settings.csvEncoding);
  await writeDeltaJson(directory, delta);
  for (const line of describeDelta(delta)) log(line);
  const verdict = checkDeletions(delta, guardLimitsOf(settings), flags.allowDeletions);
  options.onVerdict?.(verdict);
  for (const line of verdictLines(verdict, stateDir, flags.dryRun)) log(line);
  const tuning = options.tuning ?? defaultShipTuning;
  if (flags.dryRun) return shipDirectory(settings, directory, flags, log, tuning);
  if (!passes(verdict)) throw guardRefusal(verdict);
  await ensureStateDir(stateDir);
  const report = await shipDirectory(settings, directory, flags, log, tuning);
  const origin = { server: report.server, folder: report.folder, ...(options.backend ? { backend: options.backend } : {}) };
  await recordDelivery(stateDir, set, origin, settings.csvEncoding, settings.historyKeep, new Date()).catch((error: unknown) => {
    throw new P2lError(
      `shipped, but the delivery could not be kept in ${stateDir} (${messageOf(error)}): ` +
        'the next run would compare against an older delivery; fix the folder (exporters.plan2learn.state_dir)',
    );
  });
  return report;
}

/** What the log says about the guard before anything is shipped (a refusal itself is the error). */
function verdictLines(verdict: GuardVerdict, stateDir: string, dryRun: boolean): string[] {
  if (verdict.first) {
    return [`first delivery: none is kept in ${stateDir} yet, so every row is new and the deletion guard does not apply`];
  }
  if (passes(verdict)) return [guardSummary(verdict)];
  return dryRun ? [`dry run: ${refusalText(verdict, 'would stop')}`] : [];
}
