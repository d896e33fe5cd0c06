import { loadDataset } from '../dataset/load.js';
import { paginationModes, type PaginationMode } from '../sim/cursor.js';
import { parseFaultSpec } from '../sim/fault-spec.js';
import { startSimulator, type DarFailures } from '../sim/server.js';
import { copenhagenDay } from '../util/days.js';
import { SettingsError } from '../util/errors.js';
import { note } from '../util/log.js';
import { demoDataset, settingsForSimulator } from './demo-municipality.js';
import { flag, optionalInteger, optionalPath, optionalText, type RawOptions } from './options.js';

/** Serves a dataset (or the demo municipality) until interrupted. */
export async function simCommand(options: RawOptions): Promise<void> {
  const file = optionalPath(options, 'dataset');
  const dataset = file ? await loadDataset(file) : demoDataset(copenhagenDay(new Date()));
  const faults = optionalText(options, 'faults');
  const pagination = paginationOf(options);
  const sim = await startSimulator({
    dataset,
    port: optionalInteger(options, 'port', 0, 65535) ?? 0,
    ...(faults === undefined ? {} : { faults: parseFaultSpec(faults) }),
    pagination,
    darFailures: darFailuresOf(options),
  });
  note(`MO simulator serving ${dataset.name} at ${sim.url} (GraphQL at ${sim.url}/graphql/v29, ${pagination} pagination); Ctrl-C stops it.`);
  note('Settings for p2l against it (save as settings.json):');
  console.log(JSON.stringify(settingsForSimulator(sim.url, dataset), null, 2));
  await new Promise<void>((resolve) => {
    const stop = () => void sim.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** --pagination keyset|offset: how MO pages, now (keyset, the default) or before June 2026 (offset). */
function paginationOf(options: RawOptions): PaginationMode {
  const value = optionalText(options, 'pagination') ?? 'keyset';
  const mode = paginationModes.find((known) => known === value);
  if (mode === undefined) throw new SettingsError(`--pagination must be ${paginationModes.join(' or ')}, not ${JSON.stringify(value)}`);
  return mode;
}

/** --dar-not-found UUID,UUID and --dar-down: how DAR fails while the simulator answers as MO. */
function darFailuresOf(options: RawOptions): DarFailures {
  const notFound = (optionalText(options, 'darNotFound') ?? '')
    .split(',')
    .map((uuid) => uuid.trim())
    .filter((uuid) => uuid !== '');
  return { notFound, down: flag(options, 'darDown') };
}
