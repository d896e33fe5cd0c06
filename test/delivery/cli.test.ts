import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../cli/run-cli.js';
import { remoteState, sampleIds, temporaryFolders } from '../ship/fixtures.js';
import { makeTestCertificates } from '../ship/servers/certificates.js';
import { startFtpsServer, type FtpsServer } from '../ship/servers/ftps-server.js';
import { cprNumbersIn, organisationRows, range, writeOrganisation } from './fixtures.js';

const folders = temporaryFolders();
const password = 'Sup3r-Secret-Passw0rd!';
const persons = 40;
let server: FtpsServer;
let remote: string;
let local: string;
let state: string;
let settings: string;

beforeAll(async () => {
  const certificates = await makeTestCertificates();
  remote = await folders.make('remote');
  server = await startFtpsServer({ root: remote, user: 'viborg', password, ...certificates.server });
  const secrets = await folders.make('secrets');
  const caFile = join(secrets, 'ca.pem');
  await writeFile(caFile, certificates.ca.cert);
  local = await folders.make('local');
  state = join(await folders.make('state'), 'history');
  settings = join(secrets, 'settings.json');
  await writeFile(
    settings,
    JSON.stringify({
      'mora.base': 'http://127.0.0.1:9',
      'crontab.CLIENT_SECRET': 'mo-client-secret',
      'exporters.plan2learn.root_unit': sampleIds.root,
      'exporters.plan2learn.allowed_engagement_types': [sampleIds.teacher],
      'exporters.plan2learn.host': server.host,
      'exporters.plan2learn.port': server.port,
      'exporters.plan2learn.user': 'viborg',
      'exporters.plan2learn.password': password,
      'exporters.plan2learn.ca_file': caFile,
      'exporters.plan2learn.state_dir': state,
    }),
    { mode: 0o600 },
  );
});

afterAll(async () => {
  await server.close();
  await folders.removeAll();
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
