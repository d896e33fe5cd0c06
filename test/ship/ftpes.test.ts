import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { makeTestCertificates, type TestCertificates } from './servers/certificates.js';
import { startFtpsServer, type FtpsServer, type FtpsServerOptions } from './servers/ftps-server.js';

const folders = temporaryFolders();
const password = 'correct horse battery staple';
const ship: ShipFlags = { dryRun: false, allowEmpty: false, insecureSkipTlsVerify: false };
const servers: FtpsServer[] = [];

let certificates: TestCertificates;
let local: string;
let caFile: string;
let otherCaFile: string;

beforeAll(async () => {
  certificates = await makeTestCertificates();
  local = await folders.make('local');
  await writeSampleFiles(local);
  const pki = await folders.make('pki');
  caFile = join(pki, 'ca.pem');
  otherCaFile = join(pki, 'other-ca.pem');
  await writeFile(caFile, certificates.ca.cert);
  await writeFile(otherCaFile, certificates.otherCa.cert);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await folders.removeAll();
});

/** A fresh server over a fresh empty folder. */
async function serve(options: Partial<FtpsServerOptions> = {}): Promise<{ server: FtpsServer; root: string }> {
  const root = await folders.make('remote');
  const server = await startFtpsServer({ root, user: 'viborg', password, ...certificates.server, ...options });
  servers.push(server);
  return { server, root };
}

function settingsFor(server: FtpsServer, extra: Record<string, unknown> = {}) {
  return settingsWith({
    'exporters.plan2learn.host': server.host,
    'exporters.plan2learn.port': server.port,
    'exporters.plan2learn.user': 'viborg',
    'exporters.plan2learn.password': password,
    'exporters.plan2learn.ca_file': caFile,
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

describe('shipping over FTPES', () => {
  it('delivers the five files byte for byte under their final names and leaves no temporary file', async () => {
    const { server, root } = await serve();
    const { lines, log } = collectingLog();
    const report = await shipDirectory(settingsFor(server), local, ship, log, quickTuning);
    expect(await remoteState(root, local)).toEqual({ names: [...fileNames].sort(), identical: true });
    expect(report.files.map((file) => [file.name, file.tries])).toEqual(fileNames.map((name) => [name, 1]));
    expect(report.server).toBe(`ftpes server 127.0.0.1:${server.port}`);
    expect(lines.at(-1)).toMatch(/^shipped 5 files \(\d+ bytes\) to the login folder on ftpes server 127\.0\.0\.1:\d+$/);
  });

  it('logs in over TLS, protects the data connections and uploads to a temporary name first', async () => {
    const { server } = await serve();
    await shipDirectory(settingsFor(server), local, ship, () => undefined, quickTuning);
    const first = server.commands[0] ?? [];
    expect(first.slice(0, 3)).toEqual(['AUTH TLS', 'USER viborg', 'PASS ***']);
    expect(first).toEqual(expect.arrayContaining(['PBSZ 0', 'PROT P', 'TYPE I']));
    const stor = first.find((command) => command.startsWith('STOR '));
    expect(stor).toMatch(/^STOR \.bruger\.csv\.[0-9a-f]{8}\.part$/);
    expect(first).toEqual(expect.arrayContaining([`SIZE ${stor?.slice(5)}`]));
    expect(first.some((command) => command.startsWith('RNTO'))).toBe(false);
  });

  it('renames all five into place only after all five are uploaded, so the set never mixes', async () => {
    const { server } = await serve();
    await shipDirectory(settingsFor(server), local, ship, () => undefined, quickTuning);
    const last = server.commands[server.commands.length - 1] ?? [];
    expect(last.filter((command) => command.startsWith('RNTO ')).sort()).toEqual([...fileNames].sort().map((name) => `RNTO ${name}`));
    expect(
      server.commands
        .slice(0, -1)
        .flat()
        .some((command) => command.startsWith('RNTO ')),
    ).toBe(false);
  });

  it('uses a fresh connection per file', async () => {
    const { server } = await serve();
    await shipDirectory(settingsFor(server), local, ship, () => undefined, quickTuning);
    const uploading = server.commands.filter((commands) => commands.some((command) => command.startsWith('STOR ')));
    expect(uploading).toHaveLength(5);
  });

  it('delivers to a server that closes the control connection after every upload', async () => {
    const { server, root } = await serve({ closeControlAfterUpload: true });
    const report = await shipDirectory(settingsFor(server), local, ship, () => undefined, quickTuning);
    expect(await remoteState(root, local)).toEqual({ names: [...fileNames].sort(), identical: true });
    expect(report.files.every((file) => file.tries === 1)).toBe(true);
    const uploading = server.commands.filter((commands) => commands.some((command) => command.startsWith('STOR ')));
    expect(uploading.flat().filter((command) => command.startsWith('SIZE '))).toEqual([]);
  });

  it('into remote_dir, replacing files already there, also where the server will not rename over a file', async () => {
    const { server, root } = await serve({ refuseRenameOverExisting: true });
    const settings = settingsFor(server, { 'exporters.plan2learn.remote_dir': '/' });
    await shipDirectory(settings, local, ship, () => undefined, quickTuning);
    await writeFile(join(root, 'bruger.csv'), 'stale');
    await shipDirectory(settings, local, ship, () => undefined, quickTuning);
    expect(await remoteState(root, local)).toEqual({ names: [...fileNames].sort(), identical: true });
  });

  it("removes the temporary files an interrupted delivery left in remote_dir before uploading, and nothing that is not p2l's", async () => {
    const { server, root } = await serve();
    const inbox = await inboxWithLeftovers(root);
    const { lines, log } = collectingLog();
    await shipDirectory(settingsFor(server, { 'exporters.plan2learn.remote_dir': 'inbox' }), local, ship, log, quickTuning);
    await expectOnlyLeftoversRemoved(root, inbox, local);
    const commands = server.commands.flat();
    expect(commands.filter((command) => command.startsWith('DELE ')).sort()).toEqual(leftovers.map((name) => `DELE ${name}`).sort());
    const firstStor = commands.findIndex((command) => command.startsWith('STOR '));
    expect(commands.findLastIndex((command) => command.startsWith('DELE '))).toBeLessThan(firstStor);
    expect(lines).toContain('removed 2 temporary files an interrupted delivery left in inbox');
    expect(lines.join('\n')).not.toContain('0101801234');
  });

  it('retries a connection dropped mid-upload: the final file is complete and no temporary file is left', async () => {
    const { server, root } = await serve({ dropUploadAfterBytes: 100, dropUploadNumber: 1 });
    const { lines, log } = collectingLog();
    const report = await shipDirectory(settingsFor(server), local, ship, log, quickTuning);
    expect(await remoteState(root, local)).toEqual({ names: [...fileNames].sort(), identical: true });
    expect(report.files[0]).toMatchObject({ name: 'bruger.csv', tries: 2 });
    expect(lines.some((line) => /^bruger\.csv: try 1 of 4 failed \(.+\); trying again in 10 ms$/.test(line))).toBe(true);
  });

  it('gives up on a file whose every try is dropped, naming the file, the server and the last error, and cleans up', async () => {
    const { server, root } = await serve({ dropUploadAfterBytes: 100, dropUploadNumber: 'all' });
    const { lines, log } = collectingLog();
    const error = await failure(shipDirectory(settingsFor(server), local, ship, log, quickTuning));
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(
      /^bruger\.csv was not shipped to ftpes server 127\.0\.0\.1:\d+ after 4 tries: uploading \.bruger\.csv\.[0-9a-f]{8}\.part: .+$/,
    );
    expect(lines.filter((line) => line.startsWith('bruger.csv: try '))).toHaveLength(3);
    expect(server.uploads).toBe(4);
    expect(await remoteState(root, local)).toMatchObject({ names: [] });
  });

  it('when a later file finally fails, no final name was touched and the files already staged are removed', async () => {
    const { server, root } = await serve({ dropUploadAfterBytes: 100, dropUploadNumber: 'from 3' });
    await writeFile(join(root, 'bruger.csv'), 'the previous delivery');
    const error = await failure(shipDirectory(settingsFor(server), local, ship, () => undefined, quickTuning));
    expect(error.message).toMatch(/^engagement\.csv was not shipped to ftpes server 127\.0\.0\.1:\d+ after 4 tries: /);
    expect((await readdir(root)).sort()).toEqual(['bruger.csv']);
    expect(await readFile(join(root, 'bruger.csv'), 'utf8')).toBe('the previous delivery');
  });

  it('a wrong password stops the run at once with one line naming the file and the server, and no password', async () => {
    const { server, root } = await serve({ password: 'the real one' });
    const { lines, log } = collectingLog();
    const error = await failure(shipDirectory(settingsFor(server), local, ship, log, quickTuning));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      `bruger.csv was not shipped to ftpes server 127.0.0.1:${server.port}: login as viborg refused (530 Login incorrect.): check exporters.plan2learn.user and exporters.plan2learn.password`,
    );
    expect(server.commands).toHaveLength(1);
    expect([error.message, ...lines].join('\n')).not.toContain(password);
    expect(await remoteState(root, local)).toMatchObject({ names: [] });
  });

  it('refuses a certificate from a CA it was not told to trust', async () => {
    const { server, root } = await serve();
    const error = await failure(shipDirectory(settingsFor(server, { 'exporters.plan2learn.ca_file': otherCaFile }), local, ship, () => undefined, quickTuning));
    expect(error.message).toMatch(
      /^bruger\.csv was not shipped to ftpes server 127\.0\.0\.1:\d+: the server's TLS certificate is not trusted \(.+\): if the server is the right one, set exporters\.plan2learn\.ca_file to the PEM file of the CA that issued its certificate$/,
    );
    expect(server.commands[0]).toEqual(['AUTH TLS']);
    expect(await remoteState(root, local)).toMatchObject({ names: [] });
  });

  it('refuses a certificate issued for another host name', async () => {
    const { server } = await serve(certificates.wrongName);
    const error = await failure(shipDirectory(settingsFor(server), local, ship, () => undefined, quickTuning));
    expect(error.message).toContain("the server's TLS certificate is not trusted (Hostname/IP does not match certificate's altnames");
    expect(server.commands[0]).toEqual(['AUTH TLS']);
  });

  it('refuses a certificate signed by an unknown CA when no ca_file is set (the system CAs)', async () => {
    const { server } = await serve();
    const error = await failure(shipDirectory(settingsFor(server, { 'exporters.plan2learn.ca_file': null }), local, ship, () => undefined, quickTuning));
    expect(error.message).toContain("the server's TLS certificate is not trusted");
  });

  it('skips verification only with the explicit flag, and then warns', async () => {
    const { server, root } = await serve(certificates.wrongName);
    const { lines, log } = collectingLog();
    await shipDirectory(settingsFor(server, { 'exporters.plan2learn.ca_file': null }), local, { ...ship, insecureSkipTlsVerify: true }, log, quickTuning);
    expect(lines[0]).toMatch(/^WARNING: --insecure-skip-tls-verify: the TLS certificate of ftpes server 127\.0\.0\.1:\d+ is not verified/);
    expect(await remoteState(root, local)).toEqual({ names: [...fileNames].sort(), identical: true });
  });

  it('a dry run logs in, lists the folder and reports, writing nothing', async () => {
    const { server, root } = await serve();
    await writeFile(join(root, 'bruger.csv'), 'yesterday');
    const { lines, log } = collectingLog();
    const report = await shipDirectory(settingsFor(server), local, { ...ship, dryRun: true }, log, quickTuning);
    expect(report.dryRun).toBe(true);
    expect(report.files.map((file) => file.name)).toEqual(fileNames);
    expect(server.commands.flat().filter((command) => /^(STOR|DELE|RNFR|RNTO)/.test(command))).toEqual([]);
    expect(lines).toContain(`dry run: logged in to ftpes server 127.0.0.1:${server.port}; the login folder holds 1 file`);
    expect(lines.some((line) => /^dry run: would upload bruger\.csv \(\d+ bytes\), replacing 9 bytes$/.test(line))).toBe(true);
    expect(lines.some((line) => /^dry run: would upload leder\.csv \(\d+ bytes\), a new file$/.test(line))).toBe(true);
    expect(await remoteState(root, local)).toMatchObject({ names: ['bruger.csv'] });
  });

  it('runs against a server that refuses to log in without TLS', async () => {
    const { server } = await serve();
    const client = new Client(5_000);
    await expect(client.access({ host: server.host, port: server.port, user: 'viborg', password, secure: false })).rejects.toThrow(
      '530 Log in with AUTH TLS first',
    );
    client.close();
  });

  it('names a missing setting with exit code 2 before connecting', async () => {
    const { server } = await serve();
    const error = await failure(shipDirectory(settingsFor(server, { 'exporters.plan2learn.password': null }), local, ship, () => undefined, quickTuning));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^setting exporters\.plan2learn\.password is missing: shipping over ftpes needs it;/);
    expect(server.commands).toEqual([]);
  });

  it('gives up after the last try with the server and the last error', async () => {
    const { server } = await serve();
    await server.close();
    const error = await failure(shipDirectory(settingsFor(server), local, ship, () => undefined, quickTuning));
    expect(error.message).toMatch(/^bruger\.csv was not shipped to ftpes server 127\.0\.0\.1:\d+ after 4 tries: cannot connect \(.*ECONNREFUSED.*\)$/);
  });
});
