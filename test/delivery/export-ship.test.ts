import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportCommand, runExport, type ExportRun } from '../../src/commands/export.js';
import { shipCommand } from '../../src/commands/ship.js';
import type { Delta } from '../../src/delivery/delta.js';
import { listHistory } from '../../src/delivery/history.js';
import { resolveSettings } from '../../src/settings/load.js';
import type { RunningSimulator } from '../../src/sim/server.js';
import { SettingsError } from '../../src/util/errors.js';
import { remoteState } from '../ship/fixtures.js';
import type { FtpsServer } from '../ship/servers/ftps-server.js';
import { deliveryWorld, ftpesSettings, municipalitySettings, startMunicipality } from '../support/delivery-world.js';
import { keepEarlierDelivery, organisationRows } from './fixtures.js';

const world = deliveryWorld();
const { folders } = world;
const password = 'export-ship-password';
let sim: RunningSimulator;
let server: FtpsServer;
let remote: string;

beforeAll(async () => {
  sim = world.keep(await startMunicipality());
  ({ server, root: remote } = await world.ftpes(password));
});

afterEach(() => vi.restoreAllMocks());

describe('p2l export --ship', () => {
  it('goes through the deletion guard and into the history, with the backend in the manifest', async () => {
    const state = join(await folders.make('state'), 'history');
    const shipping = { ...ftpesSettings(server, password, (await world.trust()).caFile), 'exporters.plan2learn.state_dir': state };
    const settings = resolveSettings(await municipalitySettings(sim, shipping), {}, 'the test settings');
    // A last delivery of 40 persons the fixture municipality does not have: every one would disappear.
    await keepEarlierDelivery(state, await folders.make('earlier'), organisationRows({ persons: 40, units: 3 }));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      errors.push(String(chunk).replace(/\n$/, ''));
      return true;
    });
    const out = await folders.make('out');
    const run = (allowDeletions: number | null): ExportRun => ({
      source: { kind: 'mo' },
      out,
      today: '2026-11-26',
      quiet: true,
      verbose: false,
      resolveDar: true,
      ship: { dryRun: false, allowEmpty: false, insecureSkipTlsVerify: false, allowDeletions },
    });

    await expect(runExport(settings, run(null))).rejects.toMatchObject({ exitCode: 4, message: expect.stringMatching(/removes 40 of 40 persons/) as unknown });
    expect(server.uploads).toBe(0);
    expect((JSON.parse(await readFile(join(out, 'delta.json'), 'utf8')) as Delta).files.bruger.removed).toHaveLength(40);
    expect(errors[0]).toMatch(/^delta against the delivery of 2026-11-25T02:00:00\.000Z/);

    await runExport(settings, run(40));
    expect(await remoteState(remote, out)).toMatchObject({ identical: true });
    const history = await listHistory(state);
    expect(history).toHaveLength(2);
    const manifest = JSON.parse(await readFile(join(state, history.at(-1) ?? '', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ backend: 'mo', server: `ftpes server 127.0.0.1:${server.port}` });
  });
});

describe('--allow-deletions', () => {
  it('goes with --ship, and takes a whole number', async () => {
    await expect(exportCommand({ allowDeletions: 5 })).rejects.toThrow(
      new SettingsError('--dry-run, --allow-empty, --allow-deletions and --insecure-skip-tls-verify go with --ship'),
    );
    await expect(shipCommand({ allowDeletions: 'many' })).rejects.toBeInstanceOf(SettingsError);
    await expect(shipCommand({ allowDeletions: -1 })).rejects.toThrow(/^--allow-deletions must be a whole number/);
  });
});
