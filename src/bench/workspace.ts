/**
 * One size's files: the generated municipality, the settings that point
 * p2l at the simulator serving it, the cache, the DAR address uuids the
 * LoRa backend looks up, and the output folders.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCache } from '../cache/cache.js';
import { settingsForSimulator } from '../commands/demo-municipality.js';
import type { Dataset } from '../dataset/format.js';
import { tooDeepLevelNames } from '../generate/classes.js';
import { generateDataset } from '../generate/generate.js';
import { unitDarAddressUuids } from '../dar/resolve.js';
import { compareCodePoints } from '../util/order.js';

export interface DatasetCounts {
  persons: number;
  units: number;
  engagements: number;
  addresses: number;
  managers: number;
  /** The dataset file's size. */
  bytes: number;
}

export interface Workspace {
  directory: string;
  datasetFile: string;
  settingsFile: string;
  cacheDirectory: string;
  darUuidsFile: string;
  counts: DatasetCounts;
  /** Writes the settings that point p2l at the simulator at `url`. */
  writeSettings(url: string): Promise<void>;
  /** A fresh output folder for one run. */
  outFor(name: string): string;
  /** One of the root's children (the first by uuid: a directorate), and how many units are at or below it. */
  directorate: { root: string; units: number } | undefined;
  /** The same municipality with the root moved to `root`: its own settings file and output folders (writeSettings first). */
  withRoot(root: string): Workspace;
}

export interface WorkspacePlan {
  /** The size's folder (created). */
  directory: string;
  persons: number;
  seed: number;
  today: string;
  pageSize: number;
}

/** The demo's settings (settingsForSimulator, SD's too-deep levels) with the bench's page size. */
export function benchSettings(url: string, dataset: Dataset, pageSize: number): Record<string, unknown> {
  return {
    ...settingsForSimulator(url, dataset),
    'integrations.SD_Lon.import.too_deep': [...tooDeepLevelNames],
    'exporters.plan2learn.page_size': pageSize,
  };
}

/** Generates the municipality with the project's generator and writes it as a dataset file. */
export async function prepareWorkspace(plan: WorkspacePlan): Promise<Workspace> {
  const { directory } = plan;
  await mkdir(directory, { recursive: true });
  const datasetFile = join(directory, 'dataset.json');
  const dataset = generateDataset({ persons: plan.persons, seed: plan.seed, today: plan.today });
  await writeFile(datasetFile, JSON.stringify(dataset));
  const counts: DatasetCounts = {
    persons: dataset.persons.length,
    units: dataset.units.length,
    engagements: dataset.engagements.length,
    addresses: dataset.addresses.length,
    managers: dataset.managers.length,
    bytes: (await stat(datasetFile)).size,
  };
  // What the settings need of the dataset (its units and classes), without holding on to the rest.
  const skeleton: Dataset = { ...dataset, persons: [], engagements: [], addresses: [], managers: [] };
  const directorate = directorateOf(skeleton);
  const workspace = (root: string | undefined, tag: string): Workspace => {
    const settings = join(directory, `settings${tag}.json`);
    return {
      directory,
      datasetFile,
      settingsFile: settings,
      cacheDirectory: join(directory, `cache${tag}`),
      darUuidsFile: join(directory, `dar-uuids${tag}.json`),
      counts,
      // Mode 0600: the file holds the client secret, and p2l warns about a settings file others can read.
      writeSettings: (url) => {
        const base = benchSettings(url, skeleton, plan.pageSize);
        const text = JSON.stringify(root === undefined ? base : { ...base, 'exporters.plan2learn.root_unit': root }, null, 2);
        return writeFile(settings, text, { mode: 0o600 });
      },
      outFor: (name) => join(directory, `out${tag}-${name}`),
      directorate,
      withRoot: (other) => workspace(other, `-${other.slice(0, 8)}`),
    };
  };
  return workspace(undefined, '');
}

/** The root's first child by uuid, and the units at or below it (along any version's parent). */
function directorateOf(dataset: Dataset): { root: string; units: number } | undefined {
  const children = new Map<string, Set<string>>();
  let root: string | undefined;
  for (const unit of dataset.units) {
    for (const version of unit.versions) {
      if (version.parent === null) root ??= unit.uuid;
      else children.set(version.parent, (children.get(version.parent) ?? new Set()).add(unit.uuid));
    }
  }
  const first = [...(children.get(root ?? '') ?? [])].sort(compareCodePoints)[0];
  if (first === undefined) return undefined;
  const found = new Set([first]);
  const queue = [first];
  for (let uuid = queue.pop(); uuid !== undefined; uuid = queue.pop()) {
    for (const child of children.get(uuid) ?? []) if (!found.has(child)) queue.push((found.add(child), child));
  }
  return { root: first, units: found.size };
}

/** The units' DAR address uuids in the cache's snapshot: what the LoRa backend looks up through MO. Answers how many. */
export async function writeDarUuids(workspace: Workspace): Promise<number> {
  const { snapshot } = await readCache(workspace.cacheDirectory);
  const uuids = unitDarAddressUuids(snapshot.units);
  await writeFile(workspace.darUuidsFile, JSON.stringify(uuids));
  return uuids.length;
}
