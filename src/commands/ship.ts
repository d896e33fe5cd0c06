import { resolve } from 'node:path';
import { shipGuarded } from '../delivery/ship-guarded.js';
import { lockOutput } from '../output/lock.js';
import { note, warn } from '../util/log.js';
import { recordRun } from '../util/run-summary.js';
import { allowDeletionsOf, optionalPath, shipFlagsOf, type RawOptions } from './options.js';
import { recordDeletions, settingsOfRun } from './run-facts.js';

export { shipDirectory, defaultShipTuning, type ShipFlags, type ShipReport, type ShipTuning } from '../ship/ship-directory.js';

/** The folder `p2l ship` reads the five files from unless --from says otherwise. */
export const defaultShipFolder = 'out';

/**
 * `p2l ship`: checks the five files in a folder, compares them with the last
 * delivery, and uploads them to Plan2Learn; progress on stderr. It holds the
 * folder's output lock (the one `p2l export` takes) for its whole run, so an
 * export cannot switch the folder while it is read and shipped.
 */
export async function shipCommand(options: RawOptions): Promise<void> {
  const flags = { ...shipFlagsOf(options), allowDeletions: allowDeletionsOf(options) };
  const settings = await settingsOfRun(options);
  const directory = optionalPath(options, 'from') ?? resolve(defaultShipFolder);
  const lock = await lockOutput(resolve(directory), (line) => warn(line));
  try {
    await shipGuarded(settings, directory, flags, (line) => note(line), { onVerdict: recordDeletions });
  } finally {
    await lock.release();
  }
  recordRun({ shipped: !flags.dryRun });
}
