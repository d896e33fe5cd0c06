import { resolveSettings } from '../settings/load.js';
import { startSimulator } from '../sim/server.js';
import { copenhagenDay } from '../util/days.js';
import { note } from '../util/log.js';
import { demoDataset, settingsForSimulator } from './demo-municipality.js';
import { runExport } from './export.js';
import { flag, optionalPath, type RawOptions } from './options.js';

/**
 * The whole job against the built-in demo municipality: starts the
 * simulator in this process on a free port and exports from it over HTTP,
 * exactly as from a real MO.
 */
export async function demoCommand(options: RawOptions): Promise<void> {
  const today = copenhagenDay(new Date());
  const dataset = demoDataset(today);
  const sim = await startSimulator({ dataset });
  try {
    const out = optionalPath(options, 'out') ?? 'out';
    note(`demo: MO simulator with ${dataset.name} at ${sim.url}; files go to ${out}`);
    const settings = resolveSettings(settingsForSimulator(sim.url, dataset), {}, 'the demo settings');
    await runExport(settings, { source: { kind: 'mo' }, out, today, quiet: flag(options, 'quiet'), verbose: false, resolveDar: true });
  } finally {
    await sim.close();
  }
}
