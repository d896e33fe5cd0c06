/**
 * Parsers for setting values. Each takes the raw value (from JSON, or a
 * string from the environment) and returns the typed value, or throws a
 * short reason ("must be ...") that the loader prefixes with the key.
 */
export type Parser<T> = ((raw: unknown) => T) & {
  /** How an environment variable's text becomes the raw value, where that is not the text itself. */
  fromText?: (text: string) => unknown;
};

export class InvalidValue extends Error {}

/** A value refused because it may hold a password: the loader does not quote it. */
export class SecretInValue extends InvalidValue {}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const text: Parser<string> = (raw) => {
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidValue('must be a non-empty string');
  return raw;
};

/**
 * A folder on the file server. A `..` segment (between `/`, or `\` as a
 * Windows server reads it) would climb out of the folder the setting names,
 * so it is refused rather than sent as it is.
 */
export const serverFolder: Parser<string> = (raw) => {
  const value = text(raw);
  if (value.split(/[/\\]/).includes('..')) {
    throw new InvalidValue('must not hold a ".." segment: name the folder itself, from the login folder or from /');
  }
  return value;
};

export const url: Parser<string> = (raw) => {
  const value = text(raw).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    // An `@` may be the end of a `user:password@` the URL parser choked on.
    throw new (value.includes('@') ? SecretInValue : InvalidValue)('must be an http(s) URL such as "https://mo.example.dk"');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InvalidValue('must be an http(s) URL');
  if (parsed.username !== '' || parsed.password !== '') {
    throw new SecretInValue(
      'must not hold a user or password (user:password@): p2l signs in with the Keycloak client, crontab.CLIENT_ID and crontab.CLIENT_SECRET',
    );
  }
  return value;
};

export const uuid: Parser<string> = (raw) => {
  if (typeof raw !== 'string' || !uuidPattern.test(raw)) throw new InvalidValue('must be a UUID');
  return raw.toLowerCase();
};

/**
 * A JSON list. From the environment: a JSON list (text starting with `[`,
 * `{` or `"` is taken as JSON and must be a list), or comma-separated text.
 */
function listOf<T>(item: Parser<T>, what: string): Parser<T[]> {
  const parse: Parser<T[]> = (raw) => {
    if (!Array.isArray(raw)) throw new InvalidValue(`must be a list of ${what}`);
    return raw.map((element, index) => {
      try {
        return item(element);
      } catch (error) {
        throw new InvalidValue(`element ${index + 1} ${(error as Error).message}`);
      }
    });
  };
  return Object.assign(parse, { fromText: (text: string) => listFromText(text, what) });
}

function listFromText(text: string, what: string): unknown {
  const trimmed = text.trim();
  if (!/^[[{"]/.test(trimmed)) return trimmed === '' ? [] : trimmed.split(',').map((part) => part.trim());
  const example = `write a JSON list of ${what} such as ["…", "…"]`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new InvalidValue(`is not valid JSON: ${example}`);
  }
  if (!Array.isArray(parsed)) throw new InvalidValue(`is JSON but not a list: ${example}`);
  return parsed;
}

export const uuidList = listOf(uuid, 'UUIDs');
export const textList = listOf(text, 'strings');

export function integer(min: number, max: number): Parser<number> {
  return (raw) => {
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new InvalidValue(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

export const boolean: Parser<boolean> = (raw) => {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new InvalidValue('must be true or false');
};

export function oneOf<const T extends string>(...choices: T[]): Parser<T> {
  return (raw) => {
    if (typeof raw !== 'string' || !(choices as string[]).includes(raw)) {
      throw new InvalidValue(`must be one of ${choices.map((c) => `"${c}"`).join(', ')}`);
    }
    return raw as T;
  };
}

/** A value that may be absent (null). */
export function maybe<T>(parse: Parser<T>): Parser<T | null> {
  return Object.assign((raw: unknown) => (raw === null ? null : parse(raw)), { fromText: parse.fromText });
}

/** An SSH host key fingerprint as `ssh-keygen -l` prints it: SHA256: and unpadded base64 of 32 bytes. */
export const sshFingerprint: Parser<string> = (raw) => {
  if (typeof raw !== 'string' || !/^SHA256:[A-Za-z0-9+/]{43}$/.test(raw)) {
    throw new InvalidValue('must be a fingerprint such as "SHA256:uD1V…" as `ssh-keygen -lf <host key>.pub` prints it');
  }
  return raw;
};
