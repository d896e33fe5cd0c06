import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, resolveSettings, settingsFileOf } from '../../src/settings/load.js';
import { environmentName, settingsTable } from '../../src/settings/table.js';
import { SettingsError } from '../../src/util/errors.js';
import { temporaryFolders } from '../ship/fixtures.js';
import { minimalSettings, monthly, root, settingsFailure } from '../support/settings-fixture.js';

const hourly = 'c0000000-0000-4000-8000-000000000202';
const required = { MORA_BASE: 'http://127.0.0.1:9', CLIENT_SECRET: 'env-secret', EXPORTERS_PLAN2LEARN_ROOT_UNIT: root };

const failure = (environment: Record<string, string>, file: Record<string, unknown> = {}, path: string | undefined = undefined) =>
  settingsFailure(() => resolveSettings(file, environment, path));

describe('where the settings file comes from', () => {
  const folders = temporaryFolders();
  let dir: string;
  let withImplicit: string;
  let withoutImplicit: string;
  beforeAll(async () => {
    dir = await folders.make('settings-source');
    [withImplicit, withoutImplicit] = [join(dir, 'with'), join(dir, 'without')];
    await Promise.all([mkdir(withImplicit), mkdir(withoutImplicit)]);
    await writeFile(join(withImplicit, 'settings.json'), '{}');
  });
  afterAll(() => folders.removeAll());

  it('takes --settings first, then CUSTOMER_SETTINGS (from the working folder), then ./settings.json, then none', async () => {
    const customer = { CUSTOMER_SETTINGS: 'customer.json' };
    expect(await settingsFileOf('/etc/p2l/flag.json', customer, withImplicit)).toEqual({ path: '/etc/p2l/flag.json', namedBy: '--settings' });
    expect(await settingsFileOf(undefined, customer, withImplicit)).toEqual({ path: join(withImplicit, 'customer.json'), namedBy: 'CUSTOMER_SETTINGS' });
    expect(await settingsFileOf(undefined, { CUSTOMER_SETTINGS: '/abs/c.json' }, withImplicit)).toEqual({ path: '/abs/c.json', namedBy: 'CUSTOMER_SETTINGS' });
    expect(await settingsFileOf(undefined, { CUSTOMER_SETTINGS: '' }, withImplicit)).toEqual({ path: join(withImplicit, 'settings.json') });
    expect(await settingsFileOf(undefined, {}, withoutImplicit)).toBeUndefined();
  });

  it('runs from the environment alone when there is no file', async () => {
    const settings = await loadSettings(undefined, { ...required, EXPORTERS_PLAN2LEARN_ALLOWED_ENGAGEMENT_TYPES: `["${monthly}"]` }, () => {}, withoutImplicit);
    expect(settings).toMatchObject({
      moBase: 'http://127.0.0.1:9',
      clientSecret: 'env-secret',
      rootUnit: root,
      allowedEngagementTypes: [monthly],
      tooDeep: [],
    });
  });

  it('refuses a named file that is missing, saying what named it; only ./settings.json may be absent', async () => {
    await expect(loadSettings(undefined, { ...required, CUSTOMER_SETTINGS: 'gone.json' }, () => {}, withoutImplicit)).rejects.toThrow(
      new SettingsError(
        `settings file ${join(withoutImplicit, 'gone.json')} (named by CUSTOMER_SETTINGS) cannot be read (ENOENT): give the right path in CUSTOMER_SETTINGS`,
      ),
    );
    await expect(loadSettings(join(dir, 'gone.json'), required, () => {}, withoutImplicit)).rejects.toThrow(
      new SettingsError(`settings file ${join(dir, 'gone.json')} cannot be read (ENOENT): give the right path with --settings`),
    );
  });
});

describe('settings from the environment', () => {
  it('names the key and its environment variable when a required key is missing everywhere', () => {
    expect(failure({ MORA_BASE: 'http://127.0.0.1:9', CLIENT_SECRET: 's' })).toBe(
      'setting exporters.plan2learn.root_unit is missing: set EXPORTERS_PLAN2LEARN_ROOT_UNIT, or give a settings file with --settings or CUSTOMER_SETTINGS (UUID of the root unit of the export)',
    );
    expect(failure({}, {}, '/etc/p2l/settings.json')).toBe("setting mora.base is missing: add it to /etc/p2l/settings.json or set MORA_BASE (MO's base URL)");
  });

  it('takes a list as a JSON list, or comma-separated', () => {
    const lists = (value: string) =>
      resolveSettings({}, { ...required, EXPORTERS_PLAN2LEARN_ALLOWED_ENGAGEMENT_TYPES: value }, undefined).allowedEngagementTypes;
    expect(lists(` ["${monthly}", "${hourly.toUpperCase()}"] `)).toEqual([monthly, hourly]);
    expect(lists(`${monthly}, ${hourly}`)).toEqual([monthly, hourly]);
    expect(lists('[]')).toEqual([]);
  });

  it('refuses a list variable that is not a JSON list, naming the variable, in one line', () => {
    const variable = 'EXPORTERS_PLAN2LEARN_ALLOWED_ENGAGEMENT_TYPES';
    const key = settingsTable.allowedEngagementTypes.key;
    expect(failure({ ...required, [variable]: `["${monthly}",` })).toBe(
      `setting ${key} from environment variable ${variable} is not valid JSON: write a JSON list of UUIDs such as ["…", "…"] (got "[\\"${monthly}\\",")`,
    );
    expect(failure({ ...required, [variable]: `{"uuid": "${monthly}"}` })).toBe(
      `setting ${key} from environment variable ${variable} is JSON but not a list: write a JSON list of UUIDs such as ["…", "…"] (got "{\\"uuid\\": \\"${monthly}\\"}")`,
    );
    expect(failure({ ...required, [variable]: '["x"]' })).toBe(
      `setting ${key} from environment variable ${variable} element 1 must be a UUID (got "[\\"x\\"]")`,
    );
    expect(failure({ ...required, [variable]: `["${monthly}"]`, INTEGRATIONS_SD_LON_IMPORT_TOO_DEEP: '[1,' })).toBe(
      'setting integrations.SD_Lon.import.too_deep from environment variable INTEGRATIONS_SD_LON_IMPORT_TOO_DEEP is not valid JSON: write a JSON list of strings such as ["…", "…"] (got "[1,")',
    );
  });

  it('lets the environment win over the file for a list too', () => {
    const file = { ...minimalSettings, 'exporters.plan2learn.allowed_engagement_types': [monthly] };
    const settings = resolveSettings(file, { EXPORTERS_PLAN2LEARN_ALLOWED_ENGAGEMENT_TYPES: `["${hourly}"]` }, 'settings.json');
    expect(settings.allowedEngagementTypes).toEqual([hourly]);
  });

  it("derives environment names by the README's rule: upper case, dots and dashes as _", () => {
    expect(environmentName('integrations.SD_Lon.import.too-deep')).toBe('INTEGRATIONS_SD_LON_IMPORT_TOO_DEEP');
    expect(environmentName(settingsTable.metricsFile.key)).toBe('EXPORTERS_PLAN2LEARN_METRICS_FILE');
  });
});
