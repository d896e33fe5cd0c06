import { writeFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shipDirectory } from '../../src/ship/ship-directory.js';
import { deliveryWorld, sftpSettings } from '../support/delivery-world.js';
import { collectingLog, expectDelivered, failureOf, leftovers, quickTuning, remoteState, settingsWith, shipFlags, shipOverLeftovers } from './fixtures.js';
import { fingerprintOf, readableKeyPair, startSftpServer, type SftpServer, type SftpServerOptions } from './servers/sftp-server.js';

const world = deliveryWorld();
const { folders } = world;
const password = 'sftp pass phrase 42';
const hostKey = readableKeyPair();
const otherHostKey = readableKeyPair();
const clientKey = readableKeyPair();

let local: string;
let privateKeyFile: string;

beforeAll(async () => {
  local = await world.sampleFolder();
  const keys = await folders.make('keys');
  privateKeyFile = join(keys, 'id_ed25519');
  await writeFile(privateKeyFile, clientKey.private, { mode: 0o600 });
});

async function serve(options: Partial<SftpServerOptions> = {}): Promise<{ server: SftpServer; root: string }> {
  const root = await folders.make('remote');
  const server = world.keep(await startSftpServer({ root, user: 'viborg', password, publicKey: clientKey.public, hostKey: hostKey.private, ...options }));
  return { server, root };
}

function settingsFor(server: SftpServer, extra: Record<string, unknown> = {}) {
  return settingsWith({ ...sftpSettings(server, password, hostKey.public), ...extra });
}

describe('shipping over SFTP', () => {
  it('delivers with a password to the pinned host, replacing what is there, and leaves no temporary file', async () => {
    const { server, root } = await serve();
    const { lines, log } = collectingLog();
    await shipDirectory(settingsFor(server), local, shipFlags, log, quickTuning);
    await writeFile(join(root, 'bruger.csv'), 'stale');
    await shipDirectory(settingsFor(server), local, shipFlags, log, quickTuning);
    await expectDelivered(root, local);
    expect(server.requests).toEqual(expect.arrayContaining(['REMOVE bruger.csv']));
    expect(server.requests.some((request) => /^RENAME \.bruger\.csv\.[0-9a-f]{8}\.part bruger\.csv$/.test(request))).toBe(true);
    expect(lines.at(-1)).toMatch(/^shipped 5 files \(\d+ bytes\) to the login folder on sftp server 127\.0\.0\.1:\d+$/);
  });

  it('delivers with a private key and no password', async () => {
    const { server, root } = await serve({ password: undefined });
    const settings = settingsFor(server, { 'exporters.plan2learn.password': null, 'exporters.plan2learn.private_key_file': privateKeyFile });
    await shipDirectory(settings, local, shipFlags, () => undefined, quickTuning);
    await expectDelivered(root, local);
  });

  it('delivers into remote_dir', async () => {
    const { server, root } = await serve();
    await mkdir(join(root, 'inbox'));
    await shipDirectory(settingsFor(server, { 'exporters.plan2learn.remote_dir': 'inbox' }), local, shipFlags, () => undefined, quickTuning);
    await expectDelivered(join(root, 'inbox'), local);
  });

  it("removes the temporary files an interrupted delivery left in remote_dir before uploading, and nothing that is not p2l's", async () => {
    const { server, root } = await serve();
    await shipOverLeftovers(root, local, (log) =>
      shipDirectory(settingsFor(server, { 'exporters.plan2learn.remote_dir': 'inbox' }), local, shipFlags, log, quickTuning),
    );
    const removes = server.requests.filter((request) => request.startsWith('REMOVE '));
    expect(removes.slice(0, 2).sort()).toEqual(leftovers.map((name) => `REMOVE inbox/${name}`).sort());
    expect(removes.slice(2)).toEqual([]);
    const firstOpenForWrite = server.requests.findIndex((request) => /^OPEN inbox\/\.bruger\.csv\.[0-9a-f]{8}\.part$/.test(request));
    expect(server.requests.findLastIndex((request) => request.startsWith('REMOVE '))).toBeLessThan(firstOpenForWrite);
  });

  it('refuses a host whose key is not the pinned one, printing the fingerprint it saw', async () => {
    const { server, root } = await serve({ hostKey: otherHostKey.private });
    const error = await failureOf(shipDirectory(settingsFor(server), local, shipFlags, () => undefined, quickTuning));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      `bruger.csv was not shipped to sftp server 127.0.0.1:${server.port}: the server offered host key ${fingerprintOf(otherHostKey.public)}, not the pinned ${fingerprintOf(hostKey.public)}: if the server's key really changed, set exporters.plan2learn.host_key to the new fingerprint`,
    );
    expect(server.requests).toEqual([]);
    expect(await remoteState(root, local)).toMatchObject({ names: [] });
  });

  it('a wrong password stops at once, without the password in the message', async () => {
    const { server } = await serve({ password: 'another one' });
    const { lines, log } = collectingLog();
    const error = await failureOf(shipDirectory(settingsFor(server), local, shipFlags, log, quickTuning));
    expect(error.message).toMatch(
      /^bruger\.csv was not shipped to sftp server 127\.0\.0\.1:\d+: login as viborg refused \(.+\): check exporters\.plan2learn\.user and exporters\.plan2learn\.password$/,
    );
    expect([error.message, ...lines].join('\n')).not.toContain(password);
    expect(server.refusedLogins).toBeGreaterThan(0);
  });

  it('refuses a remote_dir that does not exist, at once', async () => {
    const { server } = await serve();
    const error = await failureOf(
      shipDirectory(settingsFor(server, { 'exporters.plan2learn.remote_dir': 'nowhere' }), local, shipFlags, () => undefined, quickTuning),
    );
    expect(error.message).toMatch(/: cannot use the folder nowhere \(.+\): check exporters\.plan2learn\.remote_dir$/);
  });

  it('a dry run lists the folder and writes nothing', async () => {
    const { server, root } = await serve();
    const { lines, log } = collectingLog();
    await shipDirectory(settingsFor(server), local, { ...shipFlags, dryRun: true }, log, quickTuning);
    expect(lines).toContain(`dry run: logged in to sftp server 127.0.0.1:${server.port}; the login folder holds 0 files`);
    expect(server.requests.filter((request) => /^(OPEN |RENAME|REMOVE)/.test(request))).toEqual([]);
    expect(await remoteState(root, local)).toMatchObject({ names: [] });
  });

  it('needs host_key, and a password or a private key (exit code 2)', async () => {
    const { server } = await serve();
    const noKey = await failureOf(shipDirectory(settingsFor(server, { 'exporters.plan2learn.host_key': null }), local, shipFlags, () => undefined));
    expect(noKey.exitCode).toBe(2);
    expect(noKey.message).toMatch(/^setting exporters\.plan2learn\.host_key is missing: shipping over sftp needs it/);
    const noLogin = await failureOf(shipDirectory(settingsFor(server, { 'exporters.plan2learn.password': null }), local, shipFlags, () => undefined));
    expect(noLogin.exitCode).toBe(2);
    expect(noLogin.message).toBe(
      'settings exporters.plan2learn.password and exporters.plan2learn.private_key_file are both missing: sftp needs one of them to log in',
    );
  });

  it('refuses a private_key_file that holds no private key (exit code 2)', async () => {
    const { server } = await serve();
    const publicKeyFile = join(await folders.make('keys'), 'id_ed25519.pub');
    await writeFile(publicKeyFile, clientKey.public);
    const error = await failureOf(
      shipDirectory(settingsFor(server, { 'exporters.plan2learn.private_key_file': publicKeyFile }), local, shipFlags, () => undefined),
    );
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^setting exporters\.plan2learn\.private_key_file: .+ is not an unencrypted SSH private key/);
  });
});
