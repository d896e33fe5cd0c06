/** Where and how to deliver, from the settings (src/ship/target.ts). */
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/settings/load.js';
import { folderName, serverName, shipTargetOf, type ShipTarget } from '../../src/ship/target.js';
import { minimalSettings, settingsFailure } from '../support/settings-fixture.js';

const fingerprint = `SHA256:${'A'.repeat(43)}`;
const ftpes = { 'exporters.plan2learn.host': 'ftp.example.dk', 'exporters.plan2learn.user': 'kommune', 'exporters.plan2learn.password': 'pw-1234' };
const sftp = {
  'exporters.plan2learn.protocol': 'sftp',
  'exporters.plan2learn.host': 'sftp.example.dk',
  'exporters.plan2learn.user': 'kommune',
  'exporters.plan2learn.host_key': fingerprint,
};

const targetOf = (file: Record<string, unknown>, environment: Record<string, string> = {}) =>
  shipTargetOf(resolveSettings({ ...minimalSettings, ...file }, environment, 'settings.json'));

const failure = (file: Record<string, unknown>) => settingsFailure(() => targetOf(file));

describe('shipTargetOf', () => {
  it('ftpes: port 21 by default, the login folder, and the CA file when given', () => {
    expect(targetOf(ftpes)).toEqual({
      protocol: 'ftpes',
      host: 'ftp.example.dk',
      port: 21,
      user: 'kommune',
      remoteDir: null,
      password: 'pw-1234',
      caFile: null,
    });
    expect(
      targetOf({ ...ftpes, 'exporters.plan2learn.port': 990, 'exporters.plan2learn.remote_dir': 'ind', 'exporters.plan2learn.ca_file': '/etc/ca.pem' }),
    ).toEqual({
      protocol: 'ftpes',
      host: 'ftp.example.dk',
      port: 990,
      user: 'kommune',
      remoteDir: 'ind',
      password: 'pw-1234',
      caFile: '/etc/ca.pem',
    });
  });

  it('sftp: port 22 by default, with a password or a private key file or both', () => {
    expect(targetOf({ ...sftp, 'exporters.plan2learn.password': 'pw-1234' })).toEqual({
      protocol: 'sftp',
      host: 'sftp.example.dk',
      port: 22,
      user: 'kommune',
      remoteDir: null,
      password: 'pw-1234',
      privateKeyFile: null,
      hostKey: fingerprint,
    });
    expect(targetOf({ ...sftp, 'exporters.plan2learn.private_key_file': '/etc/p2l/id_ed25519', 'exporters.plan2learn.port': 2222 })).toEqual({
      protocol: 'sftp',
      host: 'sftp.example.dk',
      port: 2222,
      user: 'kommune',
      remoteDir: null,
      password: null,
      privateKeyFile: '/etc/p2l/id_ed25519',
      hostKey: fingerprint,
    });
  });

  it("takes the old exporter's PLAN2LEARN_FTPES__* environment names", () => {
    const environment = {
      PLAN2LEARN_FTPES__HOSTNAME: 'env.example.dk',
      PLAN2LEARN_FTPES__PORT: '2121',
      PLAN2LEARN_FTPES__USERNAME: 'env-user',
      PLAN2LEARN_FTPES__PASSWORD: 'env-password',
    };
    expect(targetOf({}, environment)).toEqual({
      protocol: 'ftpes',
      host: 'env.example.dk',
      port: 2121,
      user: 'env-user',
      remoteDir: null,
      password: 'env-password',
      caFile: null,
    });
  });

  it('names a setting ftpes needs but lacks, and the environment variable that sets it', () => {
    const without = (key: string) => Object.fromEntries(Object.entries(ftpes).filter(([k]) => k !== key));
    expect(failure(without('exporters.plan2learn.host'))).toBe(
      'setting exporters.plan2learn.host is missing: shipping over ftpes needs it; add it to the settings file or set EXPORTERS_PLAN2LEARN_HOST',
    );
    expect(failure(without('exporters.plan2learn.user'))).toBe(
      'setting exporters.plan2learn.user is missing: shipping over ftpes needs it; add it to the settings file or set EXPORTERS_PLAN2LEARN_USER',
    );
    expect(failure(without('exporters.plan2learn.password'))).toBe(
      'setting exporters.plan2learn.password is missing: shipping over ftpes needs it; add it to the settings file or set EXPORTERS_PLAN2LEARN_PASSWORD',
    );
  });

  it('sftp needs a password or a key, and the host key, each named', () => {
    expect(failure(sftp)).toBe(
      'settings exporters.plan2learn.password and exporters.plan2learn.private_key_file are both missing: sftp needs one of them to log in',
    );
    const noHostKey = Object.fromEntries(Object.entries(sftp).filter(([k]) => k !== 'exporters.plan2learn.host_key'));
    expect(failure({ ...noHostKey, 'exporters.plan2learn.password': 'pw-1234' })).toBe(
      "setting exporters.plan2learn.host_key is missing: shipping over sftp needs it (the fingerprint `ssh-keygen -lf` prints for the server's host key); add it to the settings file or set EXPORTERS_PLAN2LEARN_HOST_KEY",
    );
    expect(failure({ ...sftp, 'exporters.plan2learn.host': null, 'exporters.plan2learn.password': 'pw-1234' })).toBe(
      'setting exporters.plan2learn.host is missing: shipping over sftp needs it; add it to the settings file or set EXPORTERS_PLAN2LEARN_HOST',
    );
  });
});

describe('serverName and folderName', () => {
  const target = (host: string, remoteDir: string | null = null): ShipTarget => ({
    protocol: 'sftp',
    host,
    port: 22,
    user: 'u',
    remoteDir,
    password: 'p',
    privateKeyFile: null,
    hostKey: fingerprint,
  });

  it('name the server by protocol, host and port, an IPv6 address in brackets', () => {
    expect(serverName(target('sftp.example.dk'))).toBe('sftp server sftp.example.dk:22');
    expect(serverName(target('::1'))).toBe('sftp server [::1]:22');
    expect(serverName({ ...targetOf(ftpes) })).toBe('ftpes server ftp.example.dk:21');
  });

  it('name the folder, or the login folder when none is set', () => {
    expect(folderName(target('h', 'ud/plan2learn'))).toBe('ud/plan2learn');
    expect(folderName(target('h'))).toBe('the login folder');
  });
});
