import { resolve } from 'node:path';
import { loadSettings } from '../settings/load.js';
import { shipDirectory } from '../ship/ship-directory.js';
import { optionalPath, shipFlagsOf, type RawOptions } from './options.js';

export { shipDirectory, defaultShipTuning, type ShipFlags, type ShipReport, type ShipTuning } from '../ship/ship-directory.js';

/** The folder `p2l ship` reads the five files from unless --from says otherwise. */
export const defaultShipFolder = 'out';

/** `p2l ship`: checks the five files in a folder and uploads them to Plan2Learn; progress on stderr. */
export async function shipCommand(options: RawOptions): Promise<void> {
  const settings = await loadSettings(optionalPath(options, 'settings'));
  const directory = optionalPath(options, 'from') ?? resolve(defaultShipFolder);
  await shipDirectory(
    settings,
    directory,
    shipFlagsOf(options),
    (line) => console.error(line),
  );
}
