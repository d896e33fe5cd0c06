import { writeFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshFingerprintOf } from '../../src/ship/fingerprint.js';
import { shipDirectory, type ShipFlags } from '../../src/ship/ship-directory.js';
import { P2lError } from '../../src/util/errors.js';
import {
  collectingLog,
  fileNames,
  leftovers,
  expectOnlyLeftoversRemoved,
  inboxWithLeftovers,
  quickTuning,
  remoteState,
  settingsWith,
  temporaryFolders,
  writeSampleFiles,
} from './fixtures.js';
import { readableKeyPair, startSftpServer, type SftpServer, type SftpServerOptions } from './servers/sftp-server.js';

const folders = temporaryFolders();
const password = 'sftp pass phrase 42';
const ship: ShipFlags = { dryRun: false, allowEmpty: false, insecureSkipTlsVerify: false };
const servers: SftpServer[] = [];
const hostKey = readableKeyPair();
const otherHostKey = readableKeyPair();
const clientKey = readableKeyPair();

let local: string;
let privateKeyFile: string;

beforeAll(async () => {
  local = await folders.make('local');
  await writeSampleFiles(local);
  const keys = await folders.make('keys');
  privateKeyFile = join(keys, 'id_ed25519');
  await writeFile(privateKeyFile, clientKey.private, { mode: 0o600 });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await folders.removeAll();
});

function fingerprintOf(publicKey: string): string {
  const key = ssh2.utils.parseKey(publicKey);
  if (key instanceof Error) throw key;
  return sshFingerprintOf(key.getPublicSSH());
}

async function serve(options: Partial<SftpServerOptions> = {}): Promise<{ server: SftpServer; root: string }> {
  const root = await folders.make('remote');
  const server = await startSftpServer({ root, user: 'viborg', password, publicKey: clientKey.public, hostKey: hostKey.private, ...options });
  servers.push(server);
  return { server, root };
}

function settingsFor(server: SftpServer, extra: Record<string, unknown> = {}) {
  return settingsWith({
    'exporters.plan2learn.protocol': 'sftp',
    'exporters.plan2learn.host': server.host,
    'exporters.plan2learn.port': server.port,
    'exporters.plan2learn.user': 'viborg',
    'exporters.plan2learn.password': password,
    'exporters.plan2learn.host_key': fingerprintOf(hostKey.public),
    ...extra,
  });
}

async function failure(run: Promise<unknown>): Promise<P2lError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(P2lError);
  return error as P2lError;
}

describe('shipping over SFTP', () => {
  it('delivers with a password to the pinned host, replacing what is there, and leaves no temporary file', async () => {
    const { server, root } = await serve();
    const { lines, log } = collectingLog();
    await shipDirectory(settingsFor(server), local, ship, log, quickTuning);
    await writeFile(join(root, 'bruger.csv'), 'stale');
    await shipDirectory(settingsFor(server), local, ship, log, quickTuning);
    expect(await remoteState(root, local)).toEqual({ names: [...fileNames].sort(), identical: true });
    expect(server.requests).toEqual(expect.arrayContaining(['REMOVE bruger.csv']));
    expect(server.requests.some((request) => /^RENAME \.bruger\.csv\.[0-9a-f]{8}\.part bruger\.csv$/.test(request))).toBe(true);
    expect(lines.at(-1)).toMatch(/^shipped 5 files \(\d+ bytes\) to the login folder on sftp server 127\.0\.0\.1:\d+$/);
  });

  it('delivers with a private key and no password', async () => {
    const { server, root } = await serve({ password: undefined });
    const settings = settingsFor(server, { 'exporters.plan2learn.password': null, 'exporters.plan2learn.private_key_file': privateKeyFile });
    await shipDirectory(settings, local, ship, () => undefined, quickTuning);
    expect(await remoteState(root, local)).toEqual({ names: [...fileNames].sort(), identical: true });
  });

  it('delivers into remote_dir', async () => {
    const { server, root } = await serve();
    await mkdir(join(root, 'inbox'));
    await shipDirectory(settingsFor(server, { 'exporters.plan2learn.remote_dir': 'inbox' }), local, ship, () => undefined, quickTuning);
    expect(await remoteState(join(root, 'inbox'), local)).toEqual({ names: [...fileNames].sort(), identical: true });
  });

  it("removes the temporary files an interrupted delivery left in remote_dir before uploading, and nothing that is not p2l's", async () => {
    const { server, root } = await serve();
    const inbox = await inboxWithLeftovers(root);
    const { lines, log } = collectingLog();
    await shipDirectory(settingsFor(server, { 'exporters.plan2learn.remote_dir': 'inbox' }), local, ship, log, quickTuning);
    await expectOnlyLeftoversRemoved(root, inbox, local);
    const removes = server.requests.filter((request) => request.startsWith('REMOVE '));
    expect(removes.slice(0, 2).sort()).toEqual(leftovers.map((name) => `REMOVE inbox/${name}`).sort());
    expect(removes.slice(2)).toEqual([]);
    const firstOpenForWrite = server.requests.findIndex((request) => /^OPEN inbox\/\.bruger\.csv\.[0-9a-f]{8}\.part$/.test(request));
    expect(server.requests.findLastIndex((request) => request.startsWith('REMOVE '))).toBeLessThan(firstOpenForWrite);
    expect(lines).toContain('removed 2 temporary files an interrupted delivery left in inbox');
    expect(lines.join('\n')).not.toContain('0101801234');
  });

  it('refuses a host whose key is not the pinned one, printing the fingerprint it saw', async () => {
    const { server, root } = await serve({ hostKey: otherHostKey.private });
    const error = await failure(shipDirectory(settingsFor(server), local, ship, () => undefined, quickTuning));
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
    const error = await failure(shipDirectory(settingsFor(server), local, ship, log, quickTuning));
    expect(error.message).toMatch(
      /^bruger\.csv was not shipped to sftp server 127\.0\.0\.1:\d+: login as viborg refused \(.+\): check exporters\.plan2learn\.user and exporters\.plan2learn\.password$/,
    );
    expect([error.message, ...lines].join('\n')).not.toContain(password);
    expect(server.refusedLogins).toBeGreaterThan(0);
  });

  it('refuses a remote_dir that does not exist, at once', async () => {
    const { server } = await serve();
    const error = await failure(
      shipDirectory(settingsFor(server, { 'exporters.plan2learn.remote_dir': 'nowhere' }), local, ship, () => undefined, quickTuning),
    );
    expect(error.message).toMatch(/: cannot use the folder nowhere \(.+\): check exporters\.plan2learn\.remote_dir$/);
  });

  it('a dry run lists the folder and writes nothing', async () => {
    const { server, root } = await serve();
    const { lines, log } = collectingLog();
    await shipDirectory(settingsFor(server), local, { ...ship, dryRun: true }, log, quickTuning);
    expect(lines).toContain(`dry run: logged in to sftp server 127.0.0.1:${server.port}; the login folder holds 0 files`);
    expect(server.requests.filter((request) => /^(OPEN |RENAME|REMOVE)/.test(request))).toEqual([]);
    expect(await remoteState(root, local)).toMatchObject({ names: [] });
  });

  it('needs host_key, and a password or a private key (exit code 2)', async () => {
    const { server } = await serve();
    const noKey = await failure(shipDirectory(settingsFor(server, { 'exporters.plan2learn.host_key': null }), local, ship, () => undefined));
    expect(noKey.exitCode).toBe(2);
    expect(noKey.message).toMatch(/^setting exporters\.plan2learn\.host_key is missing: shipping over sftp needs it/);
    const noLogin = await failure(shipDirectory(settingsFor(server, { 'exporters.plan2learn.password': null }), local, ship, () => undefined));
    expect(noLogin.exitCode).toBe(2);
    expect(noLogin.message).toBe(
      'settings exporters.plan2learn.password and exporters.plan2learn.private_key_file are both missing: sftp needs one of them to log in',
    );
  });

  it('refuses a private_key_file that holds no private key (exit code 2)', async () => {
    const { server } = await serve();
    const publicKeyFile = join(await folders.make('keys'), 'id_ed25519.pub');
    await writeFile(publicKeyFile, clientKey.public);
    const error = await failure(shipDirectory(settingsFor(server, { 'exporters.plan2learn.private_key_file': publicKeyFile }), local, ship, () => undefined));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^setting exporters\.plan2learn\.private_key_file: .+ is not an unencrypted SSH private key/);
  });
});
