import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../cli/run-cli.js';
import { deploymentSettings, remoteState } from '../ship/fixtures.js';
import type { FtpsServer } from '../ship/servers/ftps-server.js';
import { deliveryWorld, ftpesSettings, writeSettingsFile } from '../support/delivery-world.js';
import { cprNumbersIn, organisationRows, range, writeOrganisation } from './fixtures.js';

const world = deliveryWorld();
const { folders } = world;
const password = 'Sup3r-Secret-Passw0rd!';
const persons = 40;
let server: FtpsServer;
let remote: string;
let local: string;
let state: string;
let settings: string;

beforeAll(async () => {
  ({ server, root: remote } = await world.ftpes(password));
  local = await folders.make('local');
  state = join(await folders.make('state'), 'history');
  settings = await writeSettingsFile(
    join(await folders.make('secrets'), 'settings.json'),
    deploymentSettings({ ...ftpesSettings(server, password, (await world.trust()).caFile), 'exporters.plan2learn.state_dir': state }),
  );
});

const ship = (...args: string[]) => runCli(['ship', '--settings', settings, '--from', local, ...args]);
const lastLine = (run: CliResult) => run.stderr.trimEnd().split('\n').at(-1);

describe('p2l ship with the deletion guard, as a cron job runs it', () => {
  it('ships, refuses a delivery that removes most persons (exit 4), ships it when confirmed, then diffs clean; no CPR number anywhere', async () => {
    const output: string[] = [];
    const keep = (run: CliResult) => {
      output.push(run.stdout, run.stderr);
      return run;
    };

    await writeOrganisation(local, organisationRows({ persons, units: 3 }));
    const first = keep(await ship());
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`first delivery: none is kept in ${state} yet`);
    expect(await remoteState(remote, local)).toMatchObject({ identical: true });
    const shippedFirst = await readFile(join(remote, 'bruger.csv'));
    const uploads = server.uploads;

    await writeOrganisation(local, organisationRows({ persons, units: 3 }, { persons: range(4) }));
    const refused = keep(await ship());
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^delta against the delivery of /);
    expect(refused.stderr).toMatch(/\nbruger\.csv\s+40\s+4\s+0\s+36\s+0\n/);
    expect(lastLine(refused)).toMatch(
      /^p2l: nothing shipped: the deletion guard stops this delivery: it removes 36 of 40 persons \(bruger\.csv, limit 4\); .*ship again with --allow-deletions 36$/,
    );
    expect(server.uploads).toBe(uploads);
    expect((await readFile(join(remote, 'bruger.csv'))).equals(shippedFirst)).toBe(true);
    expect(await readdir(state)).toHaveLength(1);

    const confirmed = keep(await ship('--allow-deletions', '36'));
    expect(confirmed.code).toBe(0);
    expect(lastLine(confirmed)).toMatch(/^shipped 5 files/);
    expect(await remoteState(remote, local)).toMatchObject({ identical: true });
    expect(await readdir(state)).toHaveLength(2);

    const diff = keep(await runCli(['diff', '--settings', settings, '--from', local]));
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(`\nno changes; written to ${join(local, 'delta.json')}\n`);

    const delta = await readFile(join(local, 'delta.json'), 'utf8');
    expect(cprNumbersIn(`${output.join('\n')}\n${delta}`, persons)).toEqual([]);
    expect(output.join('\n')).not.toContain(password);
  });
});
