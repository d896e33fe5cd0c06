/** The least a settings file must hold to resolve, and how a test reads a refusal of settings. */
import { resolveSettings } from '../../src/settings/load.js';
import { SettingsError } from '../../src/util/errors.js';

export const root = '10000000-0000-4000-8000-000000000001';
export const monthly = 'c0000000-0000-4000-8000-000000000201';

/** The four required keys and nothing else. */
export const minimalSettings: Readonly<Record<string, unknown>> = {
  'mora.base': 'https://mo.example.dk',
  'crontab.CLIENT_SECRET': 'file-secret',
  'exporters.plan2learn.root_unit': root,
  'exporters.plan2learn.allowed_engagement_types': [monthly],
};

/** The message of the SettingsError that `run` throws; any other outcome fails the test. */
export function settingsFailure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SettingsError) return error.message;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

/** The settings `file` and `environment` give, read as from a file named settings.json. */
export function resolved(file: Record<string, unknown>, environment: Record<string, string> = {}) {
  return resolveSettings(file, environment, 'settings.json');
}

/** The message resolved(file, environment) refuses with. */
export const failure = (file: Record<string, unknown>, environment: Record<string, string> = {}) => settingsFailure(() => resolved(file, environment));
