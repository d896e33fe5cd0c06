import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SettingsError } from '../util/errors.js';
import { warn as logWarning } from '../util/log.js';
import { InvalidValue, SecretInValue } from './parsers.js';
import { environmentName, settingsTable, type SettingName, type Settings, type SettingSpec } from './table.js';

type Environment = Record<string, string | undefined>;

/** The environment variable that names the settings file when --settings is not given (DIPEX's). */
const customerSettingsVariable = 'CUSTOMER_SETTINGS';

/** The file read, when present, if neither --settings nor CUSTOMER_SETTINGS names one. */
const implicitSettingsFile = 'settings.json';

/** The settings file to read, and what named it (`undefined`: the implicit ./settings.json). */
interface SettingsFile {
  path: string;
  namedBy?: '--settings' | typeof customerSettingsVariable;
}

/**
 * The settings file: the --settings flag, else CUSTOMER_SETTINGS, else
 * ./settings.json when present, else none (the environment alone). A named
 * file must exist; only the implicit one may be absent.
 */
export async function settingsFileOf(flag: string | undefined, environment: Environment, cwd = process.cwd()): Promise<SettingsFile | undefined> {
  if (flag) return { path: flag, namedBy: '--settings' };
  const customer = environment[customerSettingsVariable];
  if (customer) return { path: resolve(cwd, customer), namedBy: customerSettingsVariable };
  const implicit = resolve(cwd, implicitSettingsFile);
  return (await isAbsent(implicit)) ? undefined : { path: implicit };
}

async function isAbsent(path: string): Promise<boolean> {
  try {
    await stat(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * Reads the settings file (flat, dotted keys; see `settingsFileOf`) and
 * overrides it from the environment; without a file, the environment alone.
 * A file that other users can read gets a warning: it holds secrets.
 */
export async function loadSettings(
  flag: string | undefined,
  environment: Environment = process.env,
  warn: (line: string) => void = (line) => logWarning(line),
  cwd = process.cwd(),
): Promise<Settings> {
  const source = await settingsFileOf(flag, environment, cwd);
  if (!source) return resolveSettings({}, environment, undefined);
  const file = source.path;
  const settings = resolveSettings(await readSettingsFile(file, source.namedBy), environment, file);
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o044) !== 0) {
    warn(`warning: settings file ${file} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}): it holds secrets, so run chmod 600 ${file}`);
  }
  return settings;
}

/** How to point p2l at the right file, by what named the one that cannot be read. */
const pathAdvice: Record<NonNullable<SettingsFile['namedBy']> | 'implicit', string> = {
  '--settings': 'give the right path with --settings',
  [customerSettingsVariable]: `give the right path in ${customerSettingsVariable}`,
  implicit: `fix it, or name another file with --settings or ${customerSettingsVariable}`,
};

export async function readSettingsFile(file: string, namedBy: SettingsFile['namedBy'] = '--settings'): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    const named = namedBy === customerSettingsVariable ? ` (named by ${customerSettingsVariable})` : '';
    throw new SettingsError(`settings file ${file}${named} cannot be read (${code}): ${pathAdvice[namedBy ?? 'implicit']}`);
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
 * the key and its environment variable; values of secret keys never appear
 * in messages. `file` is the settings file's path (`undefined`: none).
 */
export function resolveSettings(values: Record<string, unknown>, environment: Environment, file: string | undefined): Settings {
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(settingsTable) as [SettingName, SettingSpec<unknown>][]) {
    const raw = rawValue(spec, values, environment);
    if (raw === undefined) {
      if (spec.fallback === undefined) throw new SettingsError(missingText(spec, file));
      resolved[name] = typeof spec.fallback === 'function' ? (spec.fallback as (s: Record<string, unknown>) => unknown)(resolved) : spec.fallback;
      continue;
    }
    try {
      resolved[name] = spec.parse(raw.text === undefined ? raw.value : (spec.parse.fromText?.(raw.text) ?? raw.text));
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      const shown = spec.secret || error instanceof SecretInValue ? '' : ` (got ${JSON.stringify(raw.text ?? raw.value)})`;
      throw new SettingsError(`setting ${spec.key} from ${raw.from} ${error.message}${shown}`);
    }
  }
  return resolved as Settings;
}

function missingText(spec: SettingSpec<unknown>, file: string | undefined): string {
  const variable = environmentName(spec.key);
  const fix =
    file === undefined ? `set ${variable}, or give a settings file with --settings or ${customerSettingsVariable}` : `add it to ${file} or set ${variable}`;
  return `setting ${spec.key} is missing: ${fix} (${spec.help})`;
}

/** A value as found: from the environment as text (`text`), from the file as JSON (`value`). */
type RawValue = { from: string; text: string; value?: undefined } | { from: string; text?: undefined; value: unknown };

function rawValue(spec: SettingSpec<unknown>, values: Record<string, unknown>, environment: Environment): RawValue | undefined {
  for (const name of [environmentName(spec.key), ...(spec.aliases ?? [])]) {
    const text = environment[name];
    if (text !== undefined && text !== '') return { text, from: `environment variable ${name}` };
  }
  if (spec.key in values && values[spec.key] !== undefined) return { value: values[spec.key], from: 'the settings file' };
  return undefined;
}
