import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/dataset/load.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { packageRoot } from '../../src/util/paths.js';
import { runCli } from '../cli/run-cli.js';

// The fixture municipality and its golden files were written and checked by
// hand against the contract; test/fixtures/municipality/NOTES.md says which
// rule produced each row. They are never regenerated from the code's output.
const fixture = join(packageRoot, 'test', 'fixtures', 'municipality');
const files = ['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv'];

async function settingsPointingAt(sim: RunningSimulator, name: string, dir: string): Promise<string> {
  const settings = JSON.parse(await readFile(join(fixture, name), 'utf8')) as Record<string, unknown>;
  const file = join(dir, name);
  await writeFile(file, JSON.stringify({ ...settings, 'mora.base': sim.url }), { mode: 0o600 });
  return file;
}

describe('p2l export of the hand-checked fixture municipality, over HTTP from the simulator', () => {
  let sim: RunningSimulator;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator({ dataset: await loadDataset(join(fixture, 'dataset.json')) });
    dir = await mkdtemp(join(tmpdir(), 'p2l-golden-'));
  });
  afterAll(() => sim.close());

  for (const variant of ['default', 'rsd']) {
    it(`writes exactly the golden files (${variant}), and the same bytes again on a rerun`, async () => {
      const settings = await settingsPointingAt(sim, variant === 'rsd' ? 'settings-rsd.json' : 'settings.json', dir);
      const out = join(dir, variant);
      for (const run of [1, 2]) {
        const result = await runCli(['export', '--settings', settings, '--out', out, '--today', '2026-11-26', '--quiet']);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect((await readdir(out)).sort()).toEqual(files);
        for (const file of files) {
          const expected = await readFile(join(fixture, 'golden', variant, file), 'utf8');
          expect(await readFile(join(out, file), 'utf8'), `${variant}/${file}, run ${run}`).toBe(expected);
        }
      }
    });
  }
});
