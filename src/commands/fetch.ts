import { writeFile } from 'node:fs/promises';
import { connectToMo } from '../mo/connect.js';
import { fetchSnapshot } from '../mo/fetch-snapshot.js';
import type { Settings } from '../settings/table.js';
import { datasetNames, type Snapshot } from '../snapshot.js';
import { loadSettings } from '../settings/load.js';
import { copenhagenDay } from '../util/days.js';
import { ProgressLine } from '../util/progress.js';
import { flag, optionalDay, optionalPath, type RawOptions } from './options.js';

export interface FetchRun {
  snapshot: Snapshot;
  requests: number;
  bytesReceived: number;
  seconds: number;
}

/** Fetches a snapshot from the MO the settings name, with progress on stderr. */
export async function fetchFromMo(settings: Settings, today: string, quiet: boolean, withHistory = false): Promise<FetchRun> {
  const started = performance.now();
  const client = connectToMo(settings);
  const progress = new ProgressLine(quiet);
  const snapshot = await fetchSnapshot(client, {
    today,
    rootUnit: settings.rootUnit,
    engagementTypes: settings.allowedEngagementTypes,
    withHistory,
    pageSize: settings.pageSize,
    concurrency: settings.concurrency,
    onProgress: (dataset, { objects, pages }) => progress.update(dataset, `${objects} objects / ${pages} pages`),
  }).finally(() => progress.done());
  return { snapshot, ...client.traffic, seconds: (performance.now() - started) / 1000 };
}

/** One line per dataset: objects fetched. */
export function describeFetch(run: FetchRun): string {
  const counts = datasetNames.map((name) => `${name} ${run.snapshot[name].length}`).join(', ');
  return `fetched ${counts} in ${run.requests} requests (${(run.bytesReceived / 1e6).toFixed(1)} MB) in ${run.seconds.toFixed(1)} s`;
}

export async function writeSnapshot(file: string, snapshot: Snapshot): Promise<void> {
  await writeFile(file, JSON.stringify(snapshot), { mode: 0o600 });
}

export async function fetchCommand(options: RawOptions): Promise<void> {
  const settings = await loadSettings(optionalPath(options, 'settings'));
  const today = optionalDay(options, 'today') ?? copenhagenDay(new Date());
  const run = await fetchFromMo(settings, today, flag(options, 'quiet'));
  const out = optionalPath(options, 'out');
  if (out) await writeSnapshot(out, run.snapshot);
  console.error(describeFetch(run) + (out ? `; snapshot written to ${out}` : ''));
}
