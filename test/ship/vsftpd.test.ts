import { readdir } from 'node:fs/promises';

import { beforeAll, expect, it } from 'vitest';
import { shipDirectory } from '../../src/ship/ship-directory.js';
import { describeWithInput } from '../support/required-input.js';
import { vsftpd, vsftpdInput } from '../support/vsftpd.js';
import { deliveryWorld } from '../support/delivery-world.js';
import { collectingLog, failureOf, fileNames, quickTuning, remoteState, settingsWith, shipFlags } from './fixtures.js';

/**
 * Interop with a real vsftpd from Debian's packages, set up as strictly as
 * Plan2Learn's server (TLS required for login and data, TLS session reuse
 * required on data connections). It runs when the environment names the
 * server, as `eval "$(bash .ci/ftp/start-vsftpd.sh)"` does; otherwise it
 * is skipped.
 */
const env = vsftpd;
/** Set whenever the tests run: vsftpdInput needs it. */
const home = env.home ?? '';

const world = deliveryWorld();

function settings(extra: Record<string, unknown> = {}) {
  return settingsWith({
    'exporters.plan2learn.host': env.host,
    'exporters.plan2learn.port': env.port,
    'exporters.plan2learn.user': env.user,
    'exporters.plan2learn.password': env.password,
    'exporters.plan2learn.ca_file': env.caFile,
    ...extra,
  });
}

async function temporaryNamesIn(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.endsWith('.part'));
}

describeWithInput(vsftpdInput, `interop with vsftpd on ${env.host}:${env.port ?? '(no port)'}`, () => {
  let local: string;
  let empty: string;

  beforeAll(async () => {
    local = await world.sampleFolder();
    empty = await world.sampleFolder({ persons: false });
  });

  it('delivers the five files over protected, session-reusing data connections, and replaces them on the next run', async () => {
    const { lines, log } = collectingLog();
    await shipDirectory(settings(), empty, { ...shipFlags, allowEmpty: true }, log, quickTuning);
    const report = await shipDirectory(settings(), local, shipFlags, log, quickTuning);
    expect(report.files.map((file) => [file.name, file.tries])).toEqual(fileNames.map((name) => [name, 1]));
    expect(lines.filter((line) => line.includes('failed'))).toEqual([]);
    const state = await remoteState(home, local);
    expect(state.identical).toBe(true);
    expect(await temporaryNamesIn(home)).toEqual([]);
  });

  it('a dry run lists the home folder and writes nothing', async () => {
    const { lines, log } = collectingLog();
    await shipDirectory(settings(), empty, { ...shipFlags, dryRun: true, allowEmpty: true }, log, quickTuning);
    expect(lines.some((line) => /^dry run: would upload bruger\.csv \(\d+ bytes\), replacing \d+ bytes$/.test(line))).toBe(true);
    expect((await remoteState(home, local)).identical).toBe(true);
  });

  it('a wrong password is refused with 530 at once', async () => {
    const error = await failureOf(shipDirectory(settings({ 'exporters.plan2learn.password': 'wrong' }), local, shipFlags, () => undefined, quickTuning));
    expect(error.message).toMatch(/: login as .+ refused \(530 .*\): check exporters\.plan2learn\.user and exporters\.plan2learn\.password$/);
  });

  it('a certificate it was not told to trust is refused', async () => {
    const error = await failureOf(shipDirectory(settings({ 'exporters.plan2learn.ca_file': null }), local, shipFlags, () => undefined, quickTuning));
    expect(error.message).toContain("the server's TLS certificate is not trusted");
  });

  it('a remote_dir that does not exist is refused at once', async () => {
    const error = await failureOf(
      shipDirectory(settings({ 'exporters.plan2learn.remote_dir': 'no-such-folder' }), local, shipFlags, () => undefined, quickTuning),
    );
    expect(error.message).toMatch(/: cannot enter the folder no-such-folder \(550 .*\): check exporters\.plan2learn\.remote_dir$/);
  });
});
