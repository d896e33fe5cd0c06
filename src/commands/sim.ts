import { loadDataset } from '../dataset/load.js';
import { parseFaultSpec } from '../sim/fault-spec.js';
import { startSimulator } from '../sim/server.js';
import { copenhagenDay } from '../util/days.js';
import { note } from '../util/log.js';
import { demoDataset, settingsForSimulator } from './demo-municipality.js';
import { optionalInteger, optionalPath, optionalText, type RawOptions } from './options.js';

/** Serves a dataset (or the demo municipality) until interrupted. */
export async function simCommand(options: RawOptions): Promise<void> {
  const file = optionalPath(options, 'dataset');
  const dataset = file ? await loadDataset(file) : demoDataset(copenhagenDay(new Date()));
  const faults = optionalText(options, 'faults');
  const sim = await startSimulator({
    dataset,
    port: optionalInteger(options, 'port', 0, 65535) ?? 0,
    ...(faults === undefined ? {} : { faults: parseFaultSpec(faults) }),
  });
  note(`MO simulator serving ${dataset.name} at ${sim.url} (GraphQL at ${sim.url}/graphql/v29); Ctrl-C stops it.`);
  note('Settings for p2l against it (save as settings.json):');
  console.log(JSON.stringify(settingsForSimulator(sim.url, dataset), null, 2));
  await new Promise<void>((resolve) => {
    const stop = () => void sim.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
