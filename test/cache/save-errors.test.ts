import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCacheFolder, saveCache } from '../../src/cache/cache.js';
import { datasetNames, type Snapshot } from '../../src/snapshot.js';
import type { RunningSimulator } from '../../src/sim/server.js';
import { P2lError } from '../../src/util/errors.js';
import { runCli } from '../cli/run-cli.js';
import { municipalitySettings, startMunicipality, writeSettingsFile } from '../support/delivery-world.js';

/** A snapshot with nothing in it: enough to be saved. */
const emptySnapshot = () => Object.fromEntries(datasetNames.map((name) => [name, []])) as unknown as Snapshot;
const origin = {
  backend: 'mo' as const,
  server: 'http://mo.example.invalid',
  today: '2026-11-26',
  withHistory: false,
  scope: { rootUnit: '10000000-0000-4000-8000-000000000001', engagementTypes: [], positionExtensionField: 'extension_2' },
};
let dir: string;
let aFile: string;
let sim: RunningSimulator;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'p2l-cache-errors-'));
  aFile = join(dir, 'a-file');
  await writeFile(aFile, 'not a folder\n');
  sim = await startMunicipality();
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('--save-cache file-system errors (issue 13, point 9)', () => {
  it('saving under a file: one line naming the path and what to do, exit 1, not the bare Node error', async () => {
    const error = await saveCache(join(aFile, 'cache'), emptySnapshot(), origin, new Date()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect([(error as P2lError).message, (error as P2lError).exitCode]).toEqual([
      `cannot write ${join(aFile, 'cache')}: a part of the path is a file, not a folder (ENOTDIR); choose a --save-cache whose parent folders are folders`,
      1,
    ]);
  });

  it('a --save-cache that is a file is found before anything is fetched: exit 2', async () => {
    const error = await prepareCacheFolder(aFile).catch((e: unknown) => e);
    expect([(error as P2lError).message, (error as P2lError).exitCode]).toEqual([
      `cannot write ${aFile}: a part of the path is a file, not a folder (ENOTDIR); choose a --save-cache whose parent folders are folders`,
      2,
    ]);
    expect(await readFile(aFile, 'utf8')).toBe('not a folder\n');
  });

  it('p2l export --save-cache under a file: exit 2 with the one line, no request to MO, nothing written', async () => {
    const settingsFile = await writeSettingsFile(join(dir, 'settings.json'), await municipalitySettings(sim));
    const cache = join(aFile, 'cache');
    const out = join(dir, 'out');
    const requests = sim.stats.graphqlRequests + sim.stats.tokenRequests;
    const run = await runCli(['export', '--settings', settingsFile, '--out', out, '--today', '2026-11-26', '--save-cache', cache, '--quiet']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `p2l: cannot write ${cache}: a part of the path is a file, not a folder (ENOTDIR); choose a --save-cache whose parent folders are folders`,
    ]);
    expect(sim.stats.graphqlRequests + sim.stats.tokenRequests).toBe(requests);
    expect((await readdir(dir)).sort()).toEqual(['a-file', 'settings.json']);
  });
});
