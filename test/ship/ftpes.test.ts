import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'basic-ftp';
import { beforeAll, describe, expect, it } from 'vitest';
import { shipDirectory } from '../../src/ship/ship-directory.js';
import { deliveryWorld, ftpesSettings, type FtpesTrust } from '../support/delivery-world.js';
import {
  collectingLog,
  expectDelivered,
  failureOf,
  fileNames,
  leftovers,
  quickTuning,
  remoteState,
  settingsWith,
  shipFlags,
  shipOverLeftovers,
} from './fixtures.js';
import type { FtpsServer, FtpsServerOptions } from './servers/ftps-server.js';

const world = deliveryWorld();
const password = 'correct horse battery staple';

let trust: FtpesTrust;
let local: string;
let otherCaFile: string;

beforeAll(async () => {
  trust = await world.trust();
  local = await world.sampleFolder();
  otherCaFile = join(await world.folders.make('pki'), 'other-ca.pem');
  await writeFile(otherCaFile, trust.certificates.otherCa.cert);
});

/** A fresh server over a fresh empty folder. */
const serve = (options: Partial<FtpsServerOptions> = {}) => world.ftpes(password, options);

function settingsFor(server: FtpsServer, extra: Record<string, unknown> = {}) {
  return settingsWith({ ...ftpesSettings(server, password, trust.caFile), ...extra });
}

describe('shipping over FTPES', () => {
  it('delivers the five files byte for byte under their final names and leaves no temporary file', async () => {
    const { server, root } = await serve();
    const { lines, log } = collectingLog();
    const report = await shipDirectory(settingsFor(server), local, shipFlags, log, quickTuning);
    await expectDelivered(root, local);
    expect(report.files.map((file) => [file.name, file.tries])).toEqual(fileNames.map((name) => [name, 1]));
    expect(report.server).toBe(`ftpes server 127.0.0.1:${server.port}`);
    expect(lines.at(-1)).toMatch(/^shipped 5 files \(\d+ bytes\) to the login folder on ftpes server 127\.0\.0\.1:\d+$/);
  });

  it('logs in over TLS, protects the data connections and uploads to a temporary name first', async () => {
    const { server } = await serve();
    await shipDirectory(settingsFor(server), local, shipFlags, () => undefined, quickTuning);
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
    await shipDirectory(settingsFor(server), local, shipFlags, () => undefined, quickTuning);
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
    await shipDirectory(settingsFor(server), local, shipFlags, () => undefined, quickTuning);
    const uploading = server.commands.filter((commands) => commands.some((command) => command.startsWith('STOR ')));
    expect(uploading).toHaveLength(5);
  });

  it('delivers to a server that closes the control connection after every upload', async () => {
    const { server, root } = await serve({ closeControlAfterUpload: true });
    const report = await shipDirectory(settingsFor(server), local, shipFlags, () => undefined, quickTuning);
    await expectDelivered(root, local);
    expect(report.files.every((file) => file.tries === 1)).toBe(true);
    const uploading = server.commands.filter((commands) => commands.some((command) => command.startsWith('STOR ')));
    expect(uploading.flat().filter((command) => command.startsWith('SIZE '))).toEqual([]);
  });

  it('into remote_dir, replacing files already there, also where the server will not rename over a file', async () => {
    const { server, root } = await serve({ refuseRenameOverExisting: true });
    const settings = settingsFor(server, { 'exporters.plan2learn.remote_dir': '/' });
    await shipDirectory(settings, local, shipFlags, () => undefined, quickTuning);
    await writeFile(join(root, 'bruger.csv'), 'stale');
    await shipDirectory(settings, local, shipFlags, () => undefined, quickTuning);
    await expectDelivered(root, local);
  });

  it("removes the temporary files an interrupted delivery left in remote_dir before uploading, and nothing that is not p2l's", async () => {
    const { server, root } = await serve();
    await shipOverLeftovers(root, local, (log) =>
      shipDirectory(settingsFor(server, { 'exporters.plan2learn.remote_dir': 'inbox' }), local, shipFlags, log, quickTuning),
    );
    const commands = server.commands.flat();
    expect(commands.filter((command) => command.startsWith('DELE ')).sort()).toEqual(leftovers.map((name) => `DELE ${name}`).sort());
    const firstStor = commands.findIndex((command) => command.startsWith('STOR '));
    expect(commands.findLastIndex((command) => command.startsWith('DELE '))).toBeLessThan(firstStor);
  });

  it('retries a connection dropped mid-upload: the final file is complete and no temporary file is left', async () => {
    const { server, root } = await serve({ dropUploadAfterBytes: 100, dropUploadNumber: 1 });
    const { lines, log } = collectingLog();
    const report = await shipDirectory(settingsFor(server), local, shipFlags, log, quickTuning);
    await expectDelivered(root, local);
    expect(report.files[0]).toMatchObject({ name: 'bruger.csv', tries: 2 });
    expect(lines.some((line) => /^bruger\.csv: try 1 of 4 failed \(.+\); trying again in 10 ms$/.test(line))).toBe(true);
  });

  it('gives up on a file whose every try is dropped, naming the file, the server and the last error, and cleans up', async () => {
    const { server, root } = await serve({ dropUploadAfterBytes: 100, dropUploadNumber: 'all' });
    const { lines, log } = collectingLog();
    const error = await failureOf(shipDirectory(settingsFor(server), local, shipFlags, log, quickTuning));
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
    const error = await failureOf(shipDirectory(settingsFor(server), local, shipFlags, () => undefined, quickTuning));
    expect(error.message).toMatch(/^engagement\.csv was not shipped to ftpes server 127\.0\.0\.1:\d+ after 4 tries: /);
    expect((await readdir(root)).sort()).toEqual(['bruger.csv']);
    expect(await readFile(join(root, 'bruger.csv'), 'utf8')).toBe('the previous delivery');
  });

  it('a wrong password stops the run at once with one line naming the file and the server, and no password', async () => {
    const { server, root } = await serve({ password: 'the real one' });
    const { lines, log } = collectingLog();
    const error = await failureOf(shipDirectory(settingsFor(server), local, shipFlags, log, quickTuning));
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
    const error = await failureOf(
      shipDirectory(settingsFor(server, { 'exporters.plan2learn.ca_file': otherCaFile }), local, shipFlags, () => undefined, quickTuning),
    );
    expect(error.message).toMatch(
      /^bruger\.csv was not shipped to ftpes server 127\.0\.0\.1:\d+: the server's TLS certificate is not trusted \(.+\): if the server is the right one, set exporters\.plan2learn\.ca_file to the PEM file of the CA that issued its certificate$/,
    );
    expect(server.commands[0]).toEqual(['AUTH TLS']);
    expect(await remoteState(root, local)).toMatchObject({ names: [] });
  });

  it('refuses a certificate issued for another host name', async () => {
    const { server } = await serve(trust.certificates.wrongName);
    const error = await failureOf(shipDirectory(settingsFor(server), local, shipFlags, () => undefined, quickTuning));
    expect(error.message).toContain("the server's TLS certificate is not trusted (Hostname/IP does not match certificate's altnames");
    expect(server.commands[0]).toEqual(['AUTH TLS']);
  });

  it('refuses a certificate signed by an unknown CA when no ca_file is set (the system CAs)', async () => {
    const { server } = await serve();
    const error = await failureOf(shipDirectory(settingsFor(server, { 'exporters.plan2learn.ca_file': null }), local, shipFlags, () => undefined, quickTuning));
    expect(error.message).toContain("the server's TLS certificate is not trusted");
  });

  it('skips verification only with the explicit flag, and then warns', async () => {
    const { server, root } = await serve(trust.certificates.wrongName);
    const { lines, log } = collectingLog();
    await shipDirectory(settingsFor(server, { 'exporters.plan2learn.ca_file': null }), local, { ...shipFlags, insecureSkipTlsVerify: true }, log, quickTuning);
    expect(lines[0]).toMatch(/^WARNING: --insecure-skip-tls-verify: the TLS certificate of ftpes server 127\.0\.0\.1:\d+ is not verified/);
    await expectDelivered(root, local);
  });

  it('a dry run logs in, lists the folder and reports, writing nothing', async () => {
    const { server, root } = await serve();
    await writeFile(join(root, 'bruger.csv'), 'yesterday');
    const { lines, log } = collectingLog();
    const report = await shipDirectory(settingsFor(server), local, { ...shipFlags, dryRun: true }, log, quickTuning);
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
    const error = await failureOf(
      shipDirectory(settingsFor(server, { 'exporters.plan2learn.password': null }), local, shipFlags, () => undefined, quickTuning),
    );
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^setting exporters\.plan2learn\.password is missing: shipping over ftpes needs it;/);
    expect(server.commands).toEqual([]);
  });

  it('gives up after the last try with the server and the last error', async () => {
    const { server } = await serve();
    await server.close();
    const error = await failureOf(shipDirectory(settingsFor(server), local, shipFlags, () => undefined, quickTuning));
    expect(error.message).toMatch(/^bruger\.csv was not shipped to ftpes server 127\.0\.0\.1:\d+ after 4 tries: cannot connect \(.*ECONNREFUSED.*\)$/);
  });
});
