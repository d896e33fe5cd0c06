import { join, resolve } from 'node:path';
import { deltaAgainstFolder, deltaAgainstLast, stateDirOf, type DeltaRun } from '../delivery/against.js';
import { deltaFileName, describeDelta, hasChanges, writeDeltaJson } from '../delivery/delta.js';
import { checkDeletions, guardSummary, passes, refusalText } from '../delivery/guard.js';
import { guardLimitsOf } from '../delivery/ship-guarded.js';
import { loadSettings } from '../settings/load.js';
import type { Settings } from '../settings/table.js';
import { info } from '../util/log.js';
import { optionalPath, optionalText, type RawOptions } from './options.js';
import { defaultShipFolder } from './ship.js';

/**
 * `p2l diff`: what shipping the files in a folder would change, against the
 * last delivery (or the files in another folder): the table on stdout and
 * `delta.json` beside the files. Exit 0 whether or not anything changed.
 */
export async function diffCommand(options: RawOptions): Promise<void> {
  const settings = await loadSettings(optionalPath(options, 'settings'));
  const directory = optionalPath(options, 'from') ?? resolve(defaultShipFolder);
  const against = optionalText(options, 'against') ?? 'last';
  const { delta } = await deltaRunOf(settings, directory, against);
  await writeDeltaJson(directory, delta);
  for (const line of describeDelta(delta)) info(line);
  for (const line of guardLines(settings, directory, against, delta)) info(line);
  info(`${hasChanges(delta) ? 'changes' : 'no changes'}; written to ${join(directory, deltaFileName)}`);
}

function deltaRunOf(settings: Settings, directory: string, against: string): Promise<DeltaRun> {
  if (against === 'last') return deltaAgainstLast(directory, stateDirOf(settings, directory), settings.csvEncoding);
  return deltaAgainstFolder(directory, resolve(against), settings.csvEncoding);
}

/** Against the last delivery, what the deletion guard would say if these files were shipped now. */
function guardLines(settings: Settings, directory: string, against: string, delta: DeltaRun['delta']): string[] {
  if (against !== 'last') return [];
  const verdict = checkDeletions(delta, guardLimitsOf(settings), null);
  if (verdict.first) return [`no delivery is kept in ${stateDirOf(settings, directory)} yet: every row is new`];
  return [passes(verdict) ? guardSummary(verdict) : refusalText(verdict, 'would stop')];
}
