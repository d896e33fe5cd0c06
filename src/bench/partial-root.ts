/**
 * The partial-root case (issue 16): the same municipality exported by the MO
 * backend with the root moved to one directorate, so the report shows what
 * MO is asked for then, beside the whole municipality of the same run.
 */
import type { PartialRoot } from './model.js';
import { measureBackend, type SizeRuns } from './pairs.js';

/** (floor, export) pairs of the MO backend with root = the workspace's directorate; undefined when it has none. */
export async function measurePartialRoot(runs: SizeRuns): Promise<PartialRoot | undefined> {
  const directorate = runs.workspace.directorate;
  if (directorate === undefined) return undefined;
  const workspace = runs.workspace.withRoot(directorate.root);
  await workspace.writeSettings(runs.sim.url);
  runs.log(
    `${runs.size}: root = one directorate (${directorate.units.toLocaleString('en-US')} of ${runs.workspace.counts.units.toLocaleString('en-US')} units)`,
  );
  const result = await measureBackend({ ...runs, size: runs.size, workspace }, 'mo');
  return { root: directorate.root, units: directorate.units, result };
}
