/** resolveSettings: where each value comes from, and what a refusal quotes (src/settings/load.ts). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSettingsFile } from '../../src/settings/load.js';
import { SettingsError } from '../../src/util/errors.js';
import { temporaryFolders } from '../ship/fixtures.js';
import { failure, minimalSettings, resolved } from '../support/settings-fixture.js';

describe('resolveSettings', () => {
  it('takes a value from the environment as text, parsed as the setting says', () => {
    const settings = resolved(minimalSettings, { EXPORTERS_PLAN2LEARN_PAGE_SIZE: '250', EXPORTERS_PLAN2LEARN_MANAGER_FUNCTION_UUID_COLUMN: '1' });
    expect([settings.pageSize, settings.managerFunctionUuidColumn]).toEqual([250, true]);
  });

  it('a key the file leaves undefined takes its default', () => {
    expect(resolved({ ...minimalSettings, 'exporters.plan2learn.page_size': undefined }).pageSize).toBe(500);
  });

  it('names the variable a refused value came from, an alias included, and quotes the text', () => {
    expect(failure(minimalSettings, { PLAN2LEARN_FTPES__PORT: '99999' })).toBe(
      'setting exporters.plan2learn.port from environment variable PLAN2LEARN_FTPES__PORT must be a whole number from 1 to 65535 (got "99999")',
    );
    expect(failure({ ...minimalSettings, 'exporters.plan2learn.page_size': 0 })).toBe(
      'setting exporters.plan2learn.page_size from the settings file must be a whole number from 1 to 10000 (got 0)',
    );
  });

  it('never quotes a secret setting, nor a URL that may hold a password', () => {
    expect(failure(minimalSettings, { CLIENT_SECRET: '   ' })).toBe(
      'setting crontab.CLIENT_SECRET from environment variable CLIENT_SECRET must be a non-empty string',
    );
    expect(failure(minimalSettings, { PLAN2LEARN_FTPES__PASSWORD: ' ' })).toBe(
      'setting exporters.plan2learn.password from environment variable PLAN2LEARN_FTPES__PASSWORD must be a non-empty string',
    );
    const message = failure({ ...minimalSettings, 'mora.base': 'https://admin:hunter2@mo.example.dk' });
    expect(message).toBe(
      'setting mora.base from the settings file must not hold a user or password (user:password@): p2l signs in with the Keycloak client, crontab.CLIENT_ID and crontab.CLIENT_SECRET',
    );
    expect(message).not.toContain('hunter2');
  });
});

describe('readSettingsFile', () => {
  const folders = temporaryFolders();
  afterAll(() => folders.removeAll());

  it('takes one JSON object, and refuses a list, null, a number or a string', async () => {
    const dir = await folders.make('settings-shape');
    const file = join(dir, 'settings.json');
    await writeFile(file, '{"mora.base": "https://mo.example.dk"}');
    expect(await readSettingsFile(file)).toEqual({ 'mora.base': 'https://mo.example.dk' });
    for (const text of ['[]', 'null', '5', '"x"']) {
      await writeFile(file, text);
      await expect(readSettingsFile(file)).rejects.toThrow(
        new SettingsError(`settings file ${file} must hold one JSON object of dotted keys, e.g. {"mora.base": "https://mo.example.dk"}`),
      );
    }
  });
});
