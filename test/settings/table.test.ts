/**
 * The settings table's rows, tested directly through resolveSettings: the
 * environment names (derived and the old exporter's aliases), the defaults
 * and the presets. The table is module-level, so npm run mutation ignores
 * its mutants as static: these tests are what guard it.
 */
import { describe, expect, it } from 'vitest';
import { exportOptionsOf } from '../../src/settings/export-options.js';
import { presets, presetValue } from '../../src/settings/presets.js';
import { environmentName, settingsTable } from '../../src/settings/table.js';
import { minimalSettings, monthly, resolved, root } from '../support/settings-fixture.js';

/** Each preset setting with its value in the standard, Viborg and RSD variants. */
const presetTable = {
  positionExtensionField: ['extension_2', 'extension_3', 'extension_1'],
  startDate: ['future', 'future', 'earliest'],
  managerResponsibility: [null, null, 'Personaleledelse'],
  managerFunctionUuidColumn: [false, false, true],
  excludedUnitEngagements: ['ancestor', 'ancestor', 'ancestor'],
  csvEncoding: ['utf-8', 'utf-8', 'utf-8'],
};
const variants = ['standard', 'Viborg', 'RSD'] as const;
const presetOf = (variant: (typeof variants)[number]) =>
  Object.fromEntries(Object.entries(presetTable).map(([key, values]) => [key, values[variants.indexOf(variant)]]));

describe('environmentName', () => {
  it('is the key in upper case with every dot and dash as _', () => {
    const keys = ['mora.base', 'exporters.plan2learn.root_unit', 'a-b.c-d', 'x--y..z', 'crontab.AUTH_SERVER'];
    expect(keys.map(environmentName)).toEqual(['MORA_BASE', 'EXPORTERS_PLAN2LEARN_ROOT_UNIT', 'A_B_C_D', 'X__Y__Z', 'CRONTAB_AUTH_SERVER']);
  });
});

describe("the old exporter's environment names", () => {
  const cases: [string, string, string, unknown][] = [
    ['AUTH_REALM', 'crontab.AUTH_REALM', 'authRealm', 'other-realm'],
    ['CLIENT_ID', 'crontab.CLIENT_ID', 'clientId', 'other-client'],
    ['CLIENT_SECRET', 'crontab.CLIENT_SECRET', 'clientSecret', 'env-secret'],
    ['AUTH_SERVER', 'crontab.AUTH_SERVER', 'authServer', 'https://keycloak.example.dk'],
    ['MOX_BASE', 'lora.base', 'loraBase', 'https://lora.example.dk'],
    ['PLAN2LEARN_VARIANT', 'exporters.plan2learn.variant', 'variant', 'RSD'],
    ['PLAN2LEARN_FTPES__HOSTNAME', 'exporters.plan2learn.host', 'shipHost', 'ftp.example.dk'],
    ['PLAN2LEARN_FTPES__PORT', 'exporters.plan2learn.port', 'shipPort', 2121],
    ['PLAN2LEARN_FTPES__USERNAME', 'exporters.plan2learn.user', 'shipUser', 'kommune'],
    ['PLAN2LEARN_FTPES__PASSWORD', 'exporters.plan2learn.password', 'shipPassword', 'ftp-password'],
  ];

  it.each(cases)('%s sets %s', (alias, key, name, value) => {
    const settings = resolved(minimalSettings, { [alias]: String(value) }) as unknown as Record<string, unknown>;
    expect(settings[name]).toEqual(value);
    expect(settingsTable[name as keyof typeof settingsTable].key).toBe(key);
  });

  it.each(cases)('%s yields to the name derived from the key', (alias, key, name, value) => {
    const derived = environmentName(key);
    const winner =
      name === 'shipPort' ? '2222' : name === 'variant' ? 'Viborg' : name.endsWith('Base') || name === 'authServer' ? 'https://derived.example.dk' : 'derived';
    const settings = resolved(minimalSettings, { [alias]: String(value), [derived]: winner }) as unknown as Record<string, unknown>;
    expect(settings[name]).toEqual(name === 'shipPort' ? 2222 : winner);
  });

  it('an empty variable counts as unset', () => {
    expect(resolved(minimalSettings, { AUTH_REALM: '', CRONTAB_AUTH_REALM: '' }).authRealm).toBe('mo');
  });
});

describe('defaults', () => {
  it('are these, LoRa and Keycloak under the MO base URL', () => {
    expect(resolved(minimalSettings)).toMatchObject({
      moBase: 'https://mo.example.dk',
      loraBase: 'https://mo.example.dk/lora',
      moCaFile: null,
      authServer: 'https://mo.example.dk/auth',
      authRealm: 'mo',
      clientId: 'dipex',
      clientSecret: 'file-secret',
      rootUnit: root,
      allowedEngagementTypes: [monthly],
      tooDeep: [],
      emailPriority: [],
      phonePriority: [],
      variant: null,
      ...presetOf('standard'),
      pageSize: 500,
      concurrency: 3,
      requestTimeoutSeconds: 120,
      retries: 5,
      retryFirstDelayMs: 500,
      deadlineMinutes: 60,
      cacheMaxAgeHours: 24,
      shipProtocol: 'ftpes',
      shipHost: null,
      shipPort: null,
      shipUser: null,
      shipPassword: null,
      shipRemoteDir: null,
      shipCaFile: null,
      shipHostKey: null,
      shipPrivateKeyFile: null,
      stateDir: null,
      historyKeep: 14,
      deletionGuardCount: 500,
      deletionGuardPercent: 10,
    });
  });

  it('LoRa and Keycloak follow the MO base URL as given, without its trailing slash', () => {
    const settings = resolved({ ...minimalSettings, 'mora.base': 'http://127.0.0.1:5000/' });
    expect([settings.loraBase, settings.authServer]).toEqual(['http://127.0.0.1:5000/lora', 'http://127.0.0.1:5000/auth']);
  });
});

describe('presets', () => {
  it('standard, Viborg and RSD preset exactly these', () => {
    expect(presets).toEqual(Object.fromEntries(variants.map((variant) => [variant, presetOf(variant)])));
  });

  it('a preset value reads the variant resolved so far; anything else is standard', () => {
    const extension = presetValue('positionExtensionField');
    expect(extension({ variant: 'Viborg' })).toBe('extension_3');
    expect(extension({ variant: 'RSD' })).toBe('extension_1');
    expect(extension({ variant: null })).toBe('extension_2');
    expect(extension({ variant: 'viborg' })).toBe('extension_2');
    expect(extension({})).toBe('extension_2');
    expect(presetValue('startDate')({ variant: 'RSD' })).toBe('earliest');
  });

  it('the variant presets every setting it names, and a key given explicitly beats its preset', () => {
    expect(resolved({ ...minimalSettings, 'exporters.plan2learn.variant': 'RSD' })).toMatchObject({ variant: 'RSD', ...presetOf('RSD') });
    expect(resolved({ ...minimalSettings, 'exporters.plan2learn.variant': 'RSD', 'exporters.plan2learn.start_date': 'future' }).startDate).toBe('future');
    expect(resolved(minimalSettings, { PLAN2LEARN_VARIANT: 'Viborg' }).positionExtensionField).toBe('extension_3');
  });
});

describe('exportOptionsOf', () => {
  it('hands the export core exactly the settings that shape the five files', () => {
    const settings = resolved({ ...minimalSettings, 'exporters.plan2learn.variant': 'RSD', 'integrations.SD_Lon.import.too_deep': ['NY1-niveau'] });
    expect(exportOptionsOf(settings)).toEqual({
      rootUnit: root,
      allowedEngagementTypes: [monthly],
      tooDeep: ['NY1-niveau'],
      emailPriority: [],
      phonePriority: [],
      ...presetOf('RSD'),
    });
  });
});
