import { basename, dirname, join, resolve } from 'node:path';
import type { CsvEncoding } from '../csv/encoding.js';
import type { Settings } from '../settings/table.js';
import { deltaOf, type Delta } from './delta.js';
import { lastDelivery } from './history.js';
import { readDeliverySet, tablesOf, type DeliverySet } from './read-files.js';

/**
 * The delivery history of a folder of files: the setting, or a folder named
 * after it beside it (`/var/lib/p2l/out` keeps `/var/lib/p2l/out.p2l-state`).
 * Named after the folder rather than one shared `p2l-state`, so that two
 * output folders side by side (two municipalities, or two runs in /tmp)
 * never compare against each other's deliveries.
 */
export function stateDirOf(settings: Settings, directory: string): string {
  if (settings.stateDir !== null) return resolve(settings.stateDir);
  const folder = resolve(directory);
  return join(dirname(folder), `${basename(folder)}.p2l-state`);
}

export interface DeltaRun {
  /** The files in the folder, as read (and, once shipped, kept). */
  set: DeliverySet;
  delta: Delta;
}

/** The files in `directory` against the last delivery kept in `stateDir` (against nothing when none is kept). */
export async function deltaAgainstLast(directory: string, stateDir: string, encoding: CsvEncoding): Promise<DeltaRun> {
  const set = await readDeliverySet(directory, encoding);
  const last = await lastDelivery(stateDir);
  if (last === null) return { set, delta: deltaOf(null, tablesOf(set), null) };
  const against = { deliveredAt: last.entry.manifest.deliveredAt, folder: last.entry.path };
  return { set, delta: deltaOf(tablesOf(last.set), tablesOf(set), against) };
}

/** The files in `directory` against the five files in another folder. */
export async function deltaAgainstFolder(directory: string, other: string, encoding: CsvEncoding): Promise<DeltaRun> {
  const [set, before] = await Promise.all([readDeliverySet(directory, encoding), readDeliverySet(other, encoding)]);
  return { set, delta: deltaOf(tablesOf(before), tablesOf(set), { folder: other }) };
}
