/**
 * A pinned --today is the export's day everywhere, nested filters included.
 * MO gives a nested filter (`ancestor`, `address_type`, ...) dates of its
 * own, and when they are left out it takes the server's now, not the outer
 * filter's dates (OS2mo mora/graphapi/resolvers.py, the `ancestor` part of
 * the unit predicate; mora/graphapi/resolvers.py get_date_interval). So a
 * root unit that is not active at the server's now must still give the
 * day's files when the day is pinned.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/dataset/load.js';
import { startSimulator } from '../../src/sim/server.js';
import { packageRoot } from '../../src/util/paths.js';
import { runCli } from '../cli/run-cli.js';

const fixture = join(packageRoot, 'test', 'fixtures', 'municipality');
const root = '10000000-0000-4000-8000-000000000001';
const files = ['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv'];

describe("an export pinned to a day on which the root unit is active, though it is not at the server's now", () => {
  it('writes exactly the golden files of that day', async () => {
    const dataset = await loadDataset(join(fixture, 'dataset.json'));
    // The root closes at the end of 2030 (its last day); the server's clock says 2031.
    for (const unit of dataset.units) {
      if (unit.uuid === root) unit.versions = unit.versions.map((version) => ({ ...version, to: '2030-12-31' }));
    }
    const sim = await startSimulator({ dataset, now: () => new Date('2031-03-01T10:00:00+01:00') });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'p2l-pinned-'));
      const settings = JSON.parse(await readFile(join(fixture, 'settings.json'), 'utf8')) as Record<string, unknown>;
      const file = join(dir, 'settings.json');
      await writeFile(file, JSON.stringify({ ...settings, 'mora.base': sim.url }), { mode: 0o600 });
      const out = join(dir, 'out');
      const result = await runCli(['export', '--settings', file, '--out', out, '--today', '2026-11-26', '--quiet']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      for (const name of files) {
        expect(await readFile(join(out, name), 'utf8'), name).toBe(await readFile(join(fixture, 'golden', 'default', name), 'utf8'));
      }
      const check = await runCli(['check', '--settings', file, '--today', '2026-11-26']);
      expect(check.stdout).toContain(`ok      root unit: ${root} (Fiktiv Kommune) is active on 2026-11-26`);
    } finally {
      await sim.close();
    }
  });
});
