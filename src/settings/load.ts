import { readFile, stat } from 'node:fs/promises';
import { SettingsError } from '../util/errors.js';
import { warn as logWarning } from '../util/log.js';
import { InvalidValue, SecretInValue } from './parsers.js';
import { environmentName, settingsTable, type SettingName, type Settings, type SettingSpec } from './table.js';

type Environment = Record<string, string | undefined>;

/**
 * Reads settings.json (flat, dotted keys) and overrides it from the
 * environment. A file that other users can read gets a warning: it holds
 * secrets.
 */
export async function loadSettings(
  file: string | undefined,
  environment: Environment = process.env,
  warn: (line: string) => void = (line) => logWarning(line),
): Promise<Settings> {
  if (!file) return resolveSettings({}, environment, 'the environment');
  const settings = resolveSettings(await readSettingsFile(file), environment, file);
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o044) !== 0) {
    warn(`warning: settings file ${file} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}): it holds secrets, so run chmod 600 ${file}`);
  }
  return settings;
}

export async function readSettingsFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SettingsError(`settings file ${file} cannot be read (${code}): give the right path with --settings`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(`settings file ${file} is not valid JSON (${(error as Error).message}): fix the file`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SettingsError(`settings file ${file} must hold one JSON object of dotted keys, e.g. {"mora.base": "https://mo.example.dk"}`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Every setting from (highest first) the environment, the file, or its
 * default. A missing or malformed required key is a SettingsError naming
 * the key; values of secret keys never appear in messages.
 */
export function resolveSettings(file: Record<string, unknown>, environment: Environment, source: string): Settings {
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(settingsTable) as [SettingName, SettingSpec<unknown>][]) {
    const raw = rawValue(spec, file, environment);
    if (raw === undefined) {
      if (spec.fallback === undefined) {
        throw new SettingsError(`setting ${spec.key} is missing: add it to ${source} or set ${environmentName(spec.key)} (${spec.help})`);
      }
      resolved[name] = typeof spec.fallback === 'function' ? (spec.fallback as (s: Record<string, unknown>) => unknown)(resolved) : spec.fallback;
      continue;
    }
    try {
      resolved[name] = spec.parse(raw.value);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      const shown = spec.secret || error instanceof SecretInValue ? '' : ` (got ${JSON.stringify(raw.value)})`;
      throw new SettingsError(`setting ${spec.key} from ${raw.from} ${error.message}${shown}`);
    }
  }
  return resolved as Settings;
}

function rawValue(spec: SettingSpec<unknown>, file: Record<string, unknown>, environment: Environment): { value: unknown; from: string } | undefined {
  for (const name of [environmentName(spec.key), ...(spec.aliases ?? [])]) {
    const value = environment[name];
    if (value !== undefined && value !== '') return { value: spec.parse.fromText?.(value) ?? value, from: `environment variable ${name}` };
  }
  if (spec.key in file && file[spec.key] !== undefined) return { value: file[spec.key], from: 'the settings file' };
  return undefined;
}
