import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/util/paths.js';
import { deliveryWorld, ftpesSettings, sftpSettings, writeSettingsFile } from '../support/delivery-world.js';
import { deploymentSettings, expectDelivered, remoteState } from './fixtures.js';
import type { FtpsServer } from './servers/ftps-server.js';
import { readableKeyPair, startSftpServer } from './servers/sftp-server.js';

const runner = join(packageRoot, 'src', 'cli.ts');
const world = deliveryWorld();
const { folders } = world;
const password = 'Sup3r-Secret-Passw0rd!';
const clientSecret = 'mo-client-secret-do-not-print';
const clientKey = readableKeyPair();
const hostKey = readableKeyPair();

let local: string;
let state: string;
let caFile: string;
let privateKeyFile: string;

beforeAll(async () => {
  local = await world.sampleFolder();
  state = await folders.make('state');
  ({ caFile } = await world.trust());
  privateKeyFile = join(await folders.make('secrets'), 'id_ed25519');
  await writeFile(privateKeyFile, clientKey.private, { mode: 0o600 });
});

interface Run {
  code: number;
  /** stdout and stderr together, to search for secrets. */
  output: string;
  stderr: string;
}

/** Runs `p2l ship` in a child process with nothing but PATH from our environment. */
async function p2lShip(settings: Record<string, unknown>, from = local, ...args: string[]): Promise<Run> {
  const file = await writeSettingsFile(join(await folders.make('settings'), 'settings.json'), settings);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', runner, 'ship', '--settings', file, '--from', from, ...args],
      { env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}`, stderr }),
    );
  });
}

function baseSettings(shipping: Record<string, unknown>): Record<string, unknown> {
  return deploymentSettings({ 'crontab.CLIENT_SECRET': clientSecret, 'exporters.plan2learn.state_dir': join(state, 'history'), ...shipping });
}

const ftps = (serverPassword = password) => world.ftpes(serverPassword);

function settingsForFtpes(server: FtpsServer): Record<string, unknown> {
  return baseSettings({ ...ftpesSettings(server, password, caFile), 'exporters.plan2learn.private_key_file': privateKeyFile });
}

function lastLine(output: string): string | undefined {
  return output.trimEnd().split('\n').at(-1);
}

/** Every secret, and every long line of the private key, that must never be printed. */
function secretsIn(output: string): string[] {
  const keyLines = clientKey.private.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
  return [password, clientSecret, clientKey.private, ...keyLines].filter((secret) => output.includes(secret));
}

describe('p2l ship, as a cron job runs it', () => {
  it('ships and exits 0', async () => {
    const { server, root } = await ftps();
    const run = await p2lShip(settingsForFtpes(server));
    expect(run).toMatchObject({ code: 0 });
    expect(run.output).toMatch(/shipped 5 files \(\d+ bytes\) to the login folder on ftpes server 127\.0\.0\.1:\d+\n$/);
    await expectDelivered(root, local);
  });

  it('a wrong FTPES password: exit 1, one line naming the server, no secret anywhere in the output', async () => {
    const { server } = await ftps('the password the server expects');
    const run = await p2lShip(settingsForFtpes(server));
    expect(run.code).toBe(1);
    expect(lastLine(run.output)).toBe(
      `p2l: bruger.csv was not shipped to ftpes server 127.0.0.1:${server.port}: login as viborg refused (530 Login incorrect.): check exporters.plan2learn.user and exporters.plan2learn.password`,
    );
    expect(secretsIn(run.output)).toEqual([]);
  });

  it('a wrong SFTP password with a key the server does not know: exit 1, no secret anywhere in the output', async () => {
    const root = await folders.make('remote');
    const server = world.keep(await startSftpServer({ root, user: 'viborg', password: 'not this one', hostKey: hostKey.private }));
    const run = await p2lShip(baseSettings({ ...sftpSettings(server, password, hostKey.public), 'exporters.plan2learn.private_key_file': privateKeyFile }));
    expect(run.code).toBe(1);
    expect(lastLine(run.output)).toMatch(/^p2l: bruger\.csv was not shipped to sftp server 127\.0\.0\.1:\d+: login as viborg refused \(.+\): check /);
    expect(secretsIn(run.output)).toEqual([]);
    expect(server.refusedLogins).toBeGreaterThan(0);
  });

  it('a missing setting: exit 2, naming the key', async () => {
    const { server } = await ftps();
    const settings = settingsForFtpes(server);
    delete settings['exporters.plan2learn.host'];
    const run = await p2lShip(settings);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^p2l: setting exporters\.plan2learn\.host is missing: shipping over ftpes needs it; .*EXPORTERS_PLAN2LEARN_HOST\n$/);
  });

  it('a file that breaks the contract: exit 1, nothing shipped', async () => {
    const { server, root } = await ftps();
    const broken = await world.sampleFolder();
    const path = join(broken, 'engagement.csv');
    await writeFile(path, (await readFile(path, 'utf8')).replaceAll('\r\n', '\n'));
    const settings = settingsForFtpes(server);
    const run = await p2lShip(settings, broken);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('p2l: nothing shipped: engagement.csv line 1: the line ends with LF, not CRLF\n');
    expect(server.commands).toEqual([]);
    expect(await remoteState(root, local)).toMatchObject({ names: [] });
  });
});
