import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateDirOf } from '../../src/delivery/against.js';
import type { Delta } from '../../src/delivery/delta.js';
import { listHistory } from '../../src/delivery/history.js';
import { shipGuarded, type DeliveryFlags } from '../../src/delivery/ship-guarded.js';
import type { Settings } from '../../src/settings/table.js';
import { P2lError, SettingsError } from '../../src/util/errors.js';
import { collectingLog, quickTuning, remoteState, settingsWith } from '../ship/fixtures.js';
import type { FtpsServer } from '../ship/servers/ftps-server.js';
import { deliveryWorld, ftpesSettings } from '../support/delivery-world.js';
import { cprNumbersIn, organisationRows, range, writeOrganisation } from './fixtures.js';

const world = deliveryWorld();
const { folders } = world;
const password = 'correct horse battery staple';
const ship: DeliveryFlags = { dryRun: false, allowEmpty: false, insecureSkipTlsVerify: false, allowDeletions: null };
const persons = 30;
const everyone = organisationRows({ persons, units: 4 });
const fewer = organisationRows({ persons, units: 4 }, { persons: range(5) });

interface Setup {
  server: FtpsServer;
  remote: string;
  local: string;
  state: string;
  settings: Settings;
}

async function setup(extra: Record<string, unknown> = {}, serverPassword = password): Promise<Setup> {
  const { server, root: remote } = await world.ftpes(serverPassword);
  const state = join(await folders.make('state'), 'history');
  const { caFile } = await world.trust();
  const settings = settingsWith({ ...ftpesSettings(server, password, caFile), 'exporters.plan2learn.state_dir': state, ...extra });
  return { server, remote, local: await folders.make('local'), state, settings };
}

async function shipped(s: Setup, flags: DeliveryFlags = ship): Promise<{ lines: string[]; error: unknown }> {
  const { lines, log } = collectingLog();
  const error = await shipGuarded(s.settings, s.local, flags, log, { tuning: quickTuning, backend: 'mo' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { lines, error };
}

const deltaJson = async (folder: string) => JSON.parse(await readFile(join(folder, 'delta.json'), 'utf8')) as Delta;

describe('a guarded shipment', () => {
  it('ships the first delivery with a notice, keeps it, and writes delta.json', async () => {
    const s = await setup();
    await writeOrganisation(s.local, everyone);
    const { lines, error } = await shipped(s);
    expect(error).toBeUndefined();
    expect(lines).toContain(`first delivery: none is kept in ${s.state} yet, so every row is new and the deletion guard does not apply`);
    expect(lines.at(-1)).toMatch(/^shipped 5 files/);
    expect(await remoteState(s.remote, s.local)).toMatchObject({ identical: true });
    expect(await listHistory(s.state)).toHaveLength(1);
    expect(await deltaJson(s.local)).toMatchObject({ against: null, files: { bruger: { before: 0, after: persons } } });
  });

  it('stops a delivery that removes too many persons: exit 4, nothing uploaded, nothing kept, the delta printed first', async () => {
    const s = await setup();
    await writeOrganisation(s.local, everyone);
    await shipped(s);
    const uploads = s.server.uploads;
    const history = await listHistory(s.state);
    await writeOrganisation(s.local, fewer);
    const { lines, error } = await shipped(s);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as P2lError).exitCode).toBe(4);
    expect((error as Error).message).toMatch(
      /^nothing shipped: the deletion guard stops this delivery: it removes 25 of 30 persons \(bruger\.csv, limit 3\); .* --allow-deletions 25$/,
    );
    expect(lines[0]).toMatch(/^delta against the delivery of \S+ \(.*\):$/);
    expect(lines.find((line) => line.startsWith('bruger.csv'))).toMatch(/^bruger\.csv\s+30\s+5\s+0\s+25\s+0$/);
    expect(s.server.uploads).toBe(uploads);
    expect(await listHistory(s.state)).toEqual(history);
    expect((await deltaJson(s.local)).files.bruger.removed).toHaveLength(25);
    expect(cprNumbersIn(`${lines.join('\n')}\n${(error as Error).message}`, persons)).toEqual([]);
  });

  it('--allow-deletions N ships the same delivery and keeps it', async () => {
    const s = await setup();
    await writeOrganisation(s.local, everyone);
    await shipped(s);
    await writeOrganisation(s.local, fewer);
    expect((await shipped(s, { ...ship, allowDeletions: 24 })).error).toMatchObject({ exitCode: 4 });
    const { error } = await shipped(s, { ...ship, allowDeletions: 25 });
    expect(error).toBeUndefined();
    expect(await remoteState(s.remote, s.local)).toMatchObject({ identical: true });
    expect(await listHistory(s.state)).toHaveLength(2);
    // The next run compares against what was just shipped: nothing removed.
    const again = await shipped(s);
    expect(again.error).toBeUndefined();
    expect(again.lines).toContain('deletion guard: this delivery removes 0 of 5 persons (limit 0) and 0 of 4 units (limit 0)');
  });

  it('a dry run reports the delta and what the guard would say, uploads and keeps nothing', async () => {
    const s = await setup();
    await writeOrganisation(s.local, everyone);
    await shipped(s);
    const uploads = s.server.uploads;
    await writeOrganisation(s.local, fewer);
    const { lines, error } = await shipped(s, { ...ship, dryRun: true });
    expect(error).toBeUndefined();
    expect(lines).toContainEqual(expect.stringMatching(/^dry run: the deletion guard would stop this delivery: it removes 25 of 30 persons/));
    expect(lines.at(-1)).toBe('dry run: nothing was uploaded');
    expect(s.server.uploads).toBe(uploads);
    expect(await listHistory(s.state)).toHaveLength(1);
  });

  it('keeps nothing when shipping fails', async () => {
    const s = await setup({}, 'not the password p2l has');
    await writeOrganisation(s.local, everyone);
    const { error } = await shipped(s);
    expect(error).toMatchObject({ exitCode: 1, message: expect.stringMatching(/login as viborg refused/) as unknown });
    expect(await listHistory(s.state)).toEqual([]);
  });

  it('checks the settings and the files before it says a word', async () => {
    const s = await setup({ 'exporters.plan2learn.host': null });
    await writeOrganisation(s.local, everyone);
    const missingHost = await shipped(s);
    expect(missingHost.error).toBeInstanceOf(SettingsError);
    expect(missingHost.lines).toEqual([]);
    const t = await setup();
    await writeOrganisation(t.local, everyone);
    await writeFile(join(t.local, 'leder.csv'), '"BrugerId"\n');
    const broken = await shipped(t);
    expect((broken.error as Error).message).toMatch(/^nothing shipped: leder\.csv line 1: /);
    expect(broken.lines).toEqual([]);
    expect(await readdir(t.local)).not.toContain('delta.json');
  });

  it('prunes the history to history_keep', async () => {
    const s = await setup({ 'exporters.plan2learn.history_keep': 2 });
    for (const count of [30, 29, 28]) {
      await writeOrganisation(s.local, organisationRows({ persons, units: 4 }, { persons: range(count) }));
      expect((await shipped(s, { ...ship, allowDeletions: 5 })).error).toBeUndefined();
    }
    const history = await listHistory(s.state);
    expect(history).toHaveLength(2);
    const manifest = JSON.parse(await readFile(join(s.state, history.at(-1) ?? '', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ backend: 'mo', server: `ftpes server 127.0.0.1:${s.server.port}`, folder: 'the login folder' });
    expect(JSON.stringify(manifest)).not.toContain(password);
  });
});

describe('where the history is kept', () => {
  it('beside the folder of the files, named after it, unless state_dir says otherwise', () => {
    const settings = settingsWith({});
    expect(stateDirOf(settings, '/var/lib/p2l/out')).toBe('/var/lib/p2l/out.p2l-state');
    expect(stateDirOf(settingsWith({ 'exporters.plan2learn.state_dir': '/srv/p2l/history' }), '/var/lib/p2l/out')).toBe('/srv/p2l/history');
  });
});
