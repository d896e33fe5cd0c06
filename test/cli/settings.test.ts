import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, resolveSettings } from '../../src/settings/load.js';
import { SettingsError } from '../../src/util/errors.js';
import { runCli } from './run-cli.js';

const root = '10000000-0000-4000-8000-000000000001';
const monthly = 'c0000000-0000-4000-8000-000000000201';
const valid = {
  'mora.base': 'http://127.0.0.1:9',
  'crontab.CLIENT_SECRET': 'very-secret-value',
  'exporters.plan2learn.root_unit': root,
  'exporters.plan2learn.allowed_engagement_types': [monthly],
};

function resolved(file: Record<string, unknown>, env: Record<string, string> = {}) {
  return resolveSettings(file, env, 'settings.json');
}

function failure(file: Record<string, unknown>, env: Record<string, string> = {}): string {
  try {
    resolved(file, env);
  } catch (error) {
    if (error instanceof SettingsError) return error.message;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('settings', () => {
  it('reads an old deployment file unchanged, with defaults for the rest', () => {
    const settings = resolved({ ...valid, 'integrations.SD_Lon.import.too_deep': ['NY1-niveau'], 'some.unknown.key': 42 });
    expect(settings).toMatchObject({
      moBase: 'http://127.0.0.1:9',
      authServer: 'http://127.0.0.1:9/auth',
      authRealm: 'mo',
      clientId: 'dipex',
      tooDeep: ['NY1-niveau'],
      positionExtensionField: 'extension_2',
      startDate: 'future',
      csvEncoding: 'utf-8',
    });
  });

  it('lets the environment win, by the derived name or by an old alias', () => {
    const env = { EXPORTERS_PLAN2LEARN_START_DATE: 'earliest', CLIENT_ID: 'other', PLAN2LEARN_FTPES__PORT: '2121', INTEGRATIONS_SD_LON_IMPORT_TOO_DEEP: 'A,B' };
    expect(resolved(valid, env)).toMatchObject({ startDate: 'earliest', clientId: 'other', shipPort: 2121, tooDeep: ['A', 'B'] });
  });

  it('applies the Viborg and RSD presets, and a key given explicitly beats its preset', () => {
    expect(resolved({ ...valid, 'exporters.plan2learn.variant': 'Viborg' })).toMatchObject({ positionExtensionField: 'extension_3', startDate: 'future' });
    expect(resolved({ ...valid, 'exporters.plan2learn.variant': 'RSD' })).toMatchObject({
      positionExtensionField: 'extension_1',
      startDate: 'earliest',
      managerResponsibility: 'Personaleledelse',
      managerFunctionUuidColumn: true,
    });
    expect(resolved({ ...valid, 'exporters.plan2learn.variant': 'RSD', 'exporters.plan2learn.manager_responsibility': null })).toMatchObject({
      managerResponsibility: null,
    });
    expect(resolved(valid, { PLAN2LEARN_VARIANT: 'RSD' })).toMatchObject({ startDate: 'earliest' });
  });

  it('names the missing or malformed key, and never prints a secret', () => {
    expect(failure({ ...valid, 'exporters.plan2learn.root_unit': undefined })).toBe(
      'setting exporters.plan2learn.root_unit is missing: add it to settings.json or set EXPORTERS_PLAN2LEARN_ROOT_UNIT (UUID of the root unit of the export)',
    );
    expect(failure({ ...valid, 'exporters.plan2learn.root_unit': 'not-a-uuid' })).toBe(
      'setting exporters.plan2learn.root_unit from the settings file must be a UUID (got "not-a-uuid")',
    );
    expect(failure({ ...valid, 'exporters.plan2learn.allowed_engagement_types': monthly })).toBe(
      `setting exporters.plan2learn.allowed_engagement_types from the settings file must be a list of UUIDs (got "${monthly}")`,
    );
    expect(failure({ ...valid, 'crontab.CLIENT_SECRET': 42 })).toBe('setting crontab.CLIENT_SECRET from the settings file must be a non-empty string');
  });

  it('refuses a remote_dir with a .. segment, naming the key and the fix; .. inside a name is fine', () => {
    for (const dir of ['../x', 'a/../b', '..', 'a\\..\\b']) {
      expect(failure({ ...valid, 'exporters.plan2learn.remote_dir': dir })).toBe(
        `setting exporters.plan2learn.remote_dir from the settings file must not hold a ".." segment: name the folder itself, from the login folder or from / (got ${JSON.stringify(dir)})`,
      );
    }
    expect(failure(valid, { EXPORTERS_PLAN2LEARN_REMOTE_DIR: '/in/..' })).toBe(
      'setting exporters.plan2learn.remote_dir from environment variable EXPORTERS_PLAN2LEARN_REMOTE_DIR must not hold a ".." segment: name the folder itself, from the login folder or from / (got "/in/..")',
    );
    for (const dir of ['a..b', '/in/plan2learn..', '...', 'upload']) expect(resolved({ ...valid, 'exporters.plan2learn.remote_dir': dir }).shipRemoteDir).toBe(dir);
  });
});

describe('p2l export with bad settings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2l-settings-'));
  });

  const cases: [string, string | Record<string, unknown>, RegExp][] = [
    ['a missing key', { ...valid, 'mora.base': undefined }, /^p2l: setting mora\.base is missing: add it to .*\.json or set MORA_BASE \(MO's base URL\)\n$/],
    ['a key of the wrong type', { ...valid, 'exporters.plan2learn.page_size': 'big' }, /^p2l: setting exporters\.plan2learn\.page_size from the settings file must be a whole number from 1 to 10000 \(got "big"\)\n$/],
    ['an unknown variant', { ...valid, 'exporters.plan2learn.variant': 'Aarhus' }, /^p2l: setting exporters\.plan2learn\.variant from the settings file must be one of "Viborg", "RSD" \(got "Aarhus"\)\n$/],
    [
      'a remote_dir with a .. segment',
      { ...valid, 'exporters.plan2learn.remote_dir': 'a/../b' },
      /^p2l: setting exporters\.plan2learn\.remote_dir from the settings file must not hold a "\.\." segment: name the folder itself, from the login folder or from \/ \(got "a\/\.\.\/b"\)\n$/,
    ],
    ['a file that is not JSON', '{"mora.base": ', /^p2l: settings file .* is not valid JSON \(.*\): fix the file\n$/],
    ['a file that is a list', '[1, 2]', /^p2l: settings file .* must hold one JSON object of dotted keys, e\.g\. .*\n$/],
  ];

  for (const [what, content, message] of cases) {
    it(`stops on ${what} with one line and exit code 2, before any request`, async () => {
      const file = join(dir, `${what.replace(/\W+/g, '-')}.json`);
      await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
      const result = await runCli(['export', '--settings', file, '--out', join(dir, 'out')]);
      expect(result.stderr).toMatch(message);
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).not.toContain('very-secret-value');
    });
  }

  it('stops on an unreadable file with one line and exit code 2', async () => {
    const file = join(dir, 'unreadable.json');
    await writeFile(file, JSON.stringify(valid));
    await chmod(file, 0o000);
    const missing = await runCli(['export', '--settings', join(dir, 'nope.json')]);
    expect(missing.stderr).toBe(`p2l: settings file ${join(dir, 'nope.json')} cannot be read (ENOENT): give the right path with --settings\n`);
    expect(missing.code).toBe(2);
  });

  it('refuses a malformed --today and an unknown command with exit code 2', async () => {
    const today = await runCli(['export', '--today', '26-11-2026']);
    expect(today.stderr).toBe('p2l: --today must be a date written YYYY-MM-DD, such as 2026-11-26\n');
    expect(today.code).toBe(2);
    const unknown = await runCli(['exprot']);
    expect(unknown.stderr).toBe('p2l: unknown command "exprot": run p2l --help\n');
    expect(unknown.code).toBe(2);
  });

  it('refuses a password given on the command line, without echoing it', async () => {
    const result = await runCli(['export', '--password=hunter2']);
    expect(result.stderr).toBe(
      'p2l: --password: secrets are not taken on the command line, where other users can read them in the process list: put them in the settings file (mode 0600) or the environment\n',
    );
    expect(result.code).toBe(2);
  });

  it('warns when the settings file can be read by other users', async () => {
    const file = join(dir, 'readable.json');
    await writeFile(file, JSON.stringify(valid), { mode: 0o644 });
    await chmod(file, 0o644);
    const warnings: string[] = [];
    await loadSettings(file, {}, (line) => warnings.push(line));
    expect(warnings).toEqual([`warning: settings file ${file} can be read by other users (mode 0644): it holds secrets, so run chmod 600 ${file}`]);
    await chmod(file, 0o600);
    const none: string[] = [];
    await loadSettings(file, {}, (line) => none.push(line));
    expect(none).toEqual([]);
  });

  it('has --help on every command', async () => {
    for (const command of ['export', 'ship', 'check', 'compare', 'demo', 'sim', 'generate']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`$ p2l ${command}`);
    }
  });
});
