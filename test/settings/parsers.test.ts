/** Each parser of setting values by exact outputs and reasons (src/settings/parsers.ts). */
import { describe, expect, it } from 'vitest';
import {
  boolean,
  integer,
  InvalidValue,
  maybe,
  oneOf,
  SecretInValue,
  serverFolder,
  sshFingerprint,
  text,
  textList,
  url,
  uuid,
  uuidList,
  type Parser,
} from '../../src/settings/parsers.js';

/** The reason a parser refuses `raw`, and whether it is one that must not quote the value. */
function refusal<T>(parse: Parser<T>, raw: unknown): { reason: string; secret: boolean } {
  try {
    parse(raw);
  } catch (error) {
    if (error instanceof InvalidValue) return { reason: error.message, secret: error instanceof SecretInValue };
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

const reason = <T>(parse: Parser<T>, raw: unknown) => refusal(parse, raw).reason;

const a = '1a2b3c4d-0000-4000-8000-00000000000a';

describe('text', () => {
  it('takes any string with a non-space character, as it is', () => {
    expect(text('x')).toBe('x');
    expect(text(' padded ')).toBe(' padded ');
  });

  it('refuses an empty or blank string and anything not a string', () => {
    for (const raw of ['', '   ', '\t\n', 5, null, undefined, ['x'], true]) expect(reason(text, raw)).toBe('must be a non-empty string');
  });
});

describe('serverFolder', () => {
  it('takes a folder, `..` inside a name included', () => {
    for (const folder of ['ind', '/srv/plan2learn/ind', 'a..b', '..a/b..', 'ud\\ind', '.', './ind']) expect(serverFolder(folder)).toBe(folder);
  });

  it('refuses a `..` segment between / or \\', () => {
    for (const folder of ['..', '../x', 'a/..', 'a/../b', 'a\\..\\b', '..\\x', '/srv/..']) {
      expect(reason(serverFolder, folder)).toBe('must not hold a ".." segment: name the folder itself, from the login folder or from /');
    }
    expect(reason(serverFolder, '')).toBe('must be a non-empty string');
  });
});

describe('url', () => {
  it('takes an http(s) URL, without its trailing slashes', () => {
    const urls = ['https://mo.example.dk', 'http://127.0.0.1:5000/', 'https://mo.example.dk/os2mo///', 'HTTPS://mo.example.dk/a/b'];
    expect(urls.map(url)).toEqual(['https://mo.example.dk', 'http://127.0.0.1:5000', 'https://mo.example.dk/os2mo', 'HTTPS://mo.example.dk/a/b']);
  });

  it('refuses what is no URL, and another scheme', () => {
    expect(refusal(url, 'mo.example.dk')).toEqual({ reason: 'must be an http(s) URL such as "https://mo.example.dk"', secret: false });
    expect(refusal(url, 'ftp://mo.example.dk')).toEqual({ reason: 'must be an http(s) URL', secret: false });
    expect(refusal(url, 'file:///etc/passwd')).toEqual({ reason: 'must be an http(s) URL', secret: false });
    expect(reason(url, 42)).toBe('must be a non-empty string');
  });

  it('refuses a user or password in the URL without quoting it, and an unparsable URL with an @ as possibly secret', () => {
    const why = 'must not hold a user or password (user:password@): p2l signs in with the Keycloak client, crontab.CLIENT_ID and crontab.CLIENT_SECRET';
    expect(refusal(url, 'https://user:pw@mo.example.dk')).toEqual({ reason: why, secret: true });
    expect(refusal(url, 'https://user@mo.example.dk')).toEqual({ reason: why, secret: true });
    expect(refusal(url, 'https://:pw@mo.example.dk')).toEqual({ reason: why, secret: true });
    expect(refusal(url, 'https://user:p w@[mo')).toEqual({ reason: 'must be an http(s) URL such as "https://mo.example.dk"', secret: true });
    expect(refusal(url, 'https://[mo')).toEqual({ reason: 'must be an http(s) URL such as "https://mo.example.dk"', secret: false });
  });
});

describe('uuid', () => {
  it('takes a UUID in either case, and gives it in lower case', () => {
    expect(uuid(a)).toBe(a);
    expect(uuid(a.toUpperCase())).toBe(a);
  });

  it('refuses anything else', () => {
    for (const raw of ['', `${a}0`, `x${a}`, a.slice(1), a.replace(/-/g, ''), a.replace('a', 'g'), `{${a}}`, 7, null])
      expect(reason(uuid, raw)).toBe('must be a UUID');
  });
});

describe('lists', () => {
  it('take a JSON list, each element parsed', () => {
    expect(uuidList([a, a.toUpperCase()])).toEqual([a, a]);
    expect(textList([])).toEqual([]);
    expect(textList(['NY1-niveau', 'Afsnit'])).toEqual(['NY1-niveau', 'Afsnit']);
  });

  it('refuse what is no list, and name the element that is wrong, counted from 1', () => {
    expect(reason(uuidList, a)).toBe('must be a list of UUIDs');
    expect(reason(textList, 'x')).toBe('must be a list of strings');
    expect(reason(uuidList, [a, 'nope'])).toBe('element 2 must be a UUID');
    expect(reason(textList, ['x', 'y', ''])).toBe('element 3 must be a non-empty string');
  });

  it('from the environment, read comma-separated text, trimmed, or a JSON list', () => {
    const fromText = textList.fromText;
    expect(fromText?.(' a , b,c ')).toEqual(['a', 'b', 'c']);
    expect(fromText?.('one')).toEqual(['one']);
    expect(fromText?.('a[b, c{d, e"f')).toEqual(['a[b', 'c{d', 'e"f']);
    expect(fromText?.('')).toEqual([]);
    expect(fromText?.('   ')).toEqual([]);
    expect(fromText?.(' ["a, b", "c"] ')).toEqual(['a, b', 'c']);
    expect(uuidList.fromText?.(`${a},${a}`)).toEqual([a, a]);
  });
});

describe('integer', () => {
  const port = integer(1, 65535);

  it('takes a whole number within the bounds, bounds included, as a number or as text', () => {
    expect(port(1)).toBe(1);
    expect(port(65535)).toBe(65535);
    expect(port('21')).toBe(21);
    expect(port(' 22 ')).toBe(22);
  });

  it('refuses a number outside, a fraction, text that is no number, and blank text', () => {
    for (const raw of [0, 65536, -1, 1.5, '1.5', 'x', '', '  ', null, true, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(reason(port, raw)).toBe('must be a whole number from 1 to 65535');
    }
  });
});

describe('boolean', () => {
  it('takes true and false, as JSON or as the text true, false, 1 or 0', () => {
    expect([true, 'true', '1'].map(boolean)).toEqual([true, true, true]);
    expect([false, 'false', '0'].map(boolean)).toEqual([false, false, false]);
  });

  it('refuses anything else', () => {
    for (const raw of ['yes', 'TRUE', 1, 0, '', null]) expect(reason(boolean, raw)).toBe('must be true or false');
  });
});

describe('oneOf', () => {
  it('takes one of the choices, exactly, and lists them all when refusing', () => {
    const protocol = oneOf('ftpes', 'sftp');
    expect(protocol('sftp')).toBe('sftp');
    for (const raw of ['SFTP', 'ftp', '', 1, null]) expect(reason(protocol, raw)).toBe('must be one of "ftpes", "sftp"');
  });
});

describe('maybe', () => {
  it('takes null as null and parses anything else, keeping how text becomes the raw value', () => {
    const folders = maybe(textList);
    expect(folders(null)).toBeNull();
    expect(folders(['a'])).toEqual(['a']);
    expect(folders.fromText?.('a,b')).toEqual(['a', 'b']);
    expect(maybe(text).fromText).toBeUndefined();
    expect(reason(maybe(text), '')).toBe('must be a non-empty string');
    expect(reason(maybe(text), undefined)).toBe('must be a non-empty string');
  });
});

describe('sshFingerprint', () => {
  const fingerprint = `SHA256:${'uD1V+/9'.repeat(6)}a`;

  it('takes SHA256: and 43 characters of unpadded base64', () => {
    expect(fingerprint).toHaveLength(50);
    expect(sshFingerprint(fingerprint)).toBe(fingerprint);
  });

  it('refuses anything else', () => {
    for (const raw of [
      fingerprint.slice(0, -1),
      `${fingerprint}A`,
      `${fingerprint}=`,
      fingerprint.replace('SHA256', 'MD5'),
      `x${fingerprint}`,
      fingerprint.replace('a', '-'),
      5,
    ]) {
      expect(reason(sshFingerprint, raw)).toBe('must be a fingerprint such as "SHA256:uD1V…" as `ssh-keygen -lf <host key>.pub` prints it');
    }
  });
});
