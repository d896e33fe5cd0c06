import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/settings/load.js';
import type { RunningSimulator } from '../../src/sim/server.js';
import { temporaryFolders } from '../ship/fixtures.js';
import { municipality, municipalitySettings, startMunicipality, writeSettingsFile } from '../support/delivery-world.js';
import { failure, minimalSettings, monthly, resolved } from '../support/settings-fixture.js';
import { runCli } from './run-cli.js';

/** A port nothing listens on, should a run get as far as a request, and a secret no output may show. */
const valid = { ...minimalSettings, 'mora.base': 'http://127.0.0.1:9', 'crontab.CLIENT_SECRET': 'very-secret-value' };

const folders = temporaryFolders();
afterAll(() => folders.removeAll());

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
    for (const dir of ['a..b', '/in/plan2learn..', '...', 'upload'])
      expect(resolved({ ...valid, 'exporters.plan2learn.remote_dir': dir }).shipRemoteDir).toBe(dir);
  });
});

describe('p2l export with bad settings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await folders.make('settings');
  });

  const cases: [string, string | Record<string, unknown>, RegExp][] = [
    ['a missing key', { ...valid, 'mora.base': undefined }, /^p2l: setting mora\.base is missing: add it to .*\.json or set MORA_BASE \(MO's base URL\)\n$/],
    [
      'a key of the wrong type',
      { ...valid, 'exporters.plan2learn.page_size': 'big' },
      /^p2l: setting exporters\.plan2learn\.page_size from the settings file must be a whole number from 1 to 10000 \(got "big"\)\n$/,
    ],
    [
      'an unknown variant',
      { ...valid, 'exporters.plan2learn.variant': 'Aarhus' },
      /^p2l: setting exporters\.plan2learn\.variant from the settings file must be one of "Viborg", "RSD" \(got "Aarhus"\)\n$/,
    ],
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

  it('stops on a missing file with one line and exit code 2', async () => {
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

  it('has --help on every command, each showing --settings, and --metrics-file where it applies', async () => {
    for (const command of ['export', 'ship', 'diff', 'check', 'compare', 'demo', 'sim', 'generate']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`$ p2l ${command}`);
      expect(help.stdout).toMatch(
        /\n {2}--settings <file> +settings file of export, ship, diff, check and compare, with dotted keys \(default: \$CUSTOMER_SETTINGS, else/,
      );
      expect(help.stdout.includes('--metrics-file <path>'), command).toBe(['export', 'ship', 'check'].includes(command));
    }
  });

  it('refuses --settings for a command that reads none, rather than ignoring it', async () => {
    const result = await runCli(['generate', '--settings', 'settings.json', '--persons', '1', '--out', join(dir, 'never.json')]);
    expect(result.stderr).toBe('p2l: --settings: p2l generate reads no settings\n');
    expect(result.code).toBe(2);
  });
});

describe('p2l configured from the environment, CUSTOMER_SETTINGS or ./settings.json', () => {
  const secret = 'dipex-secret';
  let sim: RunningSimulator;
  let dir: string;
  /** The fixture's settings.json as environment variables, by the README's rule and the old aliases. */
  let environment: Record<string, string>;
  beforeAll(async () => {
    sim = await startMunicipality();
    dir = await folders.make('settings-env');
    const file = await municipalitySettings(sim);
    environment = {
      MORA_BASE: sim.url,
      CLIENT_SECRET: String(file['crontab.CLIENT_SECRET']),
      EXPORTERS_PLAN2LEARN_ROOT_UNIT: String(file['exporters.plan2learn.root_unit']),
      EXPORTERS_PLAN2LEARN_ALLOWED_ENGAGEMENT_TYPES: JSON.stringify(file['exporters.plan2learn.allowed_engagement_types']),
      INTEGRATIONS_SD_LON_IMPORT_TOO_DEEP: JSON.stringify(file['integrations.SD_Lon.import.too_deep']),
      PLAN2LEARN_PHONE_PRIORITY: JSON.stringify(file['plan2learn.phone_priority']),
    };
    expect(environment['CLIENT_SECRET']).toBe(secret);
  });
  afterAll(() => sim.close());

  /** A folder to run in, with a ./settings.json when given one. */
  async function folder(name: string, implicit?: Record<string, unknown>): Promise<string> {
    const cwd = join(dir, name);
    await mkdir(cwd);
    if (implicit) await writeSettingsFile(join(cwd, 'settings.json'), implicit);
    return cwd;
  }

  it('exports the golden files from the environment alone, with no settings file anywhere', async () => {
    const cwd = await folder('env-only');
    const result = await runCli(['export', '--out', 'out', '--today', '2026-11-26', '--quiet'], environment, cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const file of ['bruger.csv', 'engagement.csv', 'leder.csv', 'organisation.csv', 'stillingskode.csv']) {
      expect(await readFile(join(cwd, 'out', file), 'utf8'), file).toBe(await readFile(join(municipality, 'golden', 'default', file), 'utf8'));
    }
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('takes --settings over CUSTOMER_SETTINGS over ./settings.json, and the environment over each', async () => {
    // Each file lacks mora.base, so the message names the file read; MORA_BASE then fills it in from the environment.
    const named = (name: string) => join(dir, name);
    await writeSettingsFile(named('flag.json'), {});
    await writeSettingsFile(named('customer.json'), {});
    const cwd = await folder('precedence', {});
    const missing = (file: string) => `p2l: setting mora.base is missing: add it to ${file} or set MORA_BASE (MO's base URL)`;
    const runs: [string[], Record<string, string>, string][] = [
      [['--settings', named('flag.json')], { CUSTOMER_SETTINGS: named('customer.json') }, missing(named('flag.json'))],
      [
        [],
        { CUSTOMER_SETTINGS: 'customer.json' },
        `p2l: settings file ${join(cwd, 'customer.json')} (named by CUSTOMER_SETTINGS) cannot be read (ENOENT): give the right path in CUSTOMER_SETTINGS`,
      ],
      [[], { CUSTOMER_SETTINGS: named('customer.json') }, missing(named('customer.json'))],
      [[], {}, missing(join(cwd, 'settings.json'))],
      [
        [],
        { MORA_BASE: sim.url },
        'p2l: setting crontab.CLIENT_SECRET is missing: add it to ' + join(cwd, 'settings.json') + ' or set CRONTAB_CLIENT_SECRET (Keycloak client secret)',
      ],
    ];
    for (const [args, env, line] of runs) {
      const result = await runCli(['export', ...args, '--out', 'out', '--today', '2026-11-26', '--quiet'], env, cwd);
      expect(result.stderr, JSON.stringify(env)).toBe(`${line}\n`);
      expect(result.code).toBe(2);
    }
  });

  it('names the key and its variable when a required key is missing everywhere, and refuses a list variable that is not a JSON list', async () => {
    const cwd = await folder('broken');
    const missing = await runCli(['export', '--today', '2026-11-26'], { ...environment, EXPORTERS_PLAN2LEARN_ROOT_UNIT: '' }, cwd);
    expect(missing.stderr).toBe(
      'p2l: setting exporters.plan2learn.root_unit is missing: set EXPORTERS_PLAN2LEARN_ROOT_UNIT, or give a settings file with --settings or CUSTOMER_SETTINGS (UUID of the root unit of the export)\n',
    );
    expect(missing.code).toBe(2);
    const types = 'EXPORTERS_PLAN2LEARN_ALLOWED_ENGAGEMENT_TYPES';
    const badList = await runCli(['check', '--today', '2026-11-26'], { ...environment, [types]: '["c0000000-0000-4000-8000-000000000011"' }, cwd);
    expect(badList.stdout.split('\n')[0]).toBe(
      `failed  settings: setting exporters.plan2learn.allowed_engagement_types from environment variable ${types} is not valid JSON: write a JSON list of UUIDs such as ["…", "…"] (got "[\\"c0000000-0000-4000-8000-000000000011\\"")`,
    );
    expect(badList.code).toBe(1);
    for (const result of [missing, badList]) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('never prints the secret, even when Keycloak refuses it', async () => {
    const wrong = 'wrong-secret-from-the-environment';
    const result = await runCli(
      ['check', '--today', '2026-11-26'],
      { ...environment, CLIENT_SECRET: wrong, EXPORTERS_PLAN2LEARN_RETRIES: '0' },
      await folder('refused'),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ok      settings\nfailed  token: ');
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });
});
