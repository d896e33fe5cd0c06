/** Runs the real CLI (`p2l export`) against a simulator of the fixture municipality that injects a fault spec. */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../src/dataset/format.js';
import { loadDataset } from '../../src/dataset/load.js';
import { parseFaultSpec } from '../../src/sim/fault-spec.js';
import { startSimulator, type InjectedFaults } from '../../src/sim/server.js';
import { packageRoot } from '../../src/util/paths.js';
import { runCli, type CliResult } from '../cli/run-cli.js';

export const today = '2026-11-26';
export const backends = ['mo', 'lora'] as const;
export type Backend = (typeof backends)[number];

const fixture = join(packageRoot, 'test', 'fixtures', 'municipality');
export const fileNames = ['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv'];

/**
 * Short retries (7 tries over about 1.3-2.5 s) and small sequential pages:
 * many requests, one at a time, so that a seeded spec faults the same
 * requests on every run.
 */
export const quickRetries: Readonly<Record<string, unknown>> = {
  'exporters.plan2learn.retries': 6,
  'exporters.plan2learn.retry_first_delay_ms': 20,
  'exporters.plan2learn.concurrency': 1,
  'exporters.plan2learn.page_size': 5,
  'exporters.plan2learn.request_timeout_seconds': 10,
};

let dataset: Promise<Dataset> | undefined;
const fixtureDataset = (): Promise<Dataset> => (dataset ??= loadDataset(join(fixture, 'dataset.json')));

export async function goldenFiles(): Promise<Record<string, string>> {
  return filesIn(join(fixture, 'golden', 'default'));
}

async function filesIn(dir: string): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(fileNames.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)));
}

/** The CSV files in `dir` (none when it does not exist). */
export async function csvFilesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => []);
  return names.filter((name) => name.endsWith('.csv')).sort();
}

export interface FaultRun {
  result: CliResult;
  out: string;
  /** The simulator's URL, for the expected messages. */
  url: string;
  injected: InjectedFaults;
  files(): Promise<Record<string, string>>;
}

export interface FaultRunOptions {
  faults: string;
  backend: Backend;
  /** Settings over the fixture's and quickRetries. */
  settings?: Readonly<Record<string, unknown>>;
}

export async function exportWithFaults({ faults, backend, settings = {} }: FaultRunOptions): Promise<FaultRun> {
  const dir = await mkdtemp(join(tmpdir(), 'p2l-faults-'));
  const sim = await startSimulator({ dataset: await fixtureDataset(), faults: parseFaultSpec(faults) });
  try {
    const base = JSON.parse(await readFile(join(fixture, 'settings.json'), 'utf8')) as Record<string, unknown>;
    const settingsFile = join(dir, 'settings.json');
    await writeFile(settingsFile, JSON.stringify({ ...base, ...quickRetries, ...settings, 'mora.base': sim.url }), { mode: 0o600 });
    const out = join(dir, 'out');
    const result = await runCli(['export', '--settings', settingsFile, '--out', out, '--today', today, '--quiet', '--backend', backend]);
    return { result, out, url: sim.url, injected: { ...sim.faultsInjected }, files: () => filesIn(out) };
  } finally {
    await sim.close();
  }
}
