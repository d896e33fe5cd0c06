/**
 * Text p2l did not write (a server's reply, a library's message quoting
 * one) made fit for a one-line error: no line breaks, no terminal escape
 * sequences or other control characters, no bearer token, no userinfo in a
 * URL, no known secret, and (for a server's words) bounded in length. A
 * server can otherwise forge a `p2l: status=ok` line, recolour the
 * terminal, or have p2l print a token it echoes.
 */

/** How much of a server's words an error quotes. */
export const serverTextLimit = 200;

// CSI (7-bit and C1), OSC/DCS/PM/APC/SOS strings up to their terminator, and the other two-character escapes.
const escapeSequences =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u009b[0-?]*[ -/]*[@-~]?|[\u001b][\]PX^_][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|[\u0090\u009d\u009e\u009f\u0098][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -~]?/g;
// eslint-disable-next-line no-control-regex -- as above
const controls = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const bearerTokens = /\bBearer\s+[^\s"',;]+/gi;
const jwts = /\beyJ[\w-]*\.[\w-]*\.?[\w-]*/g;
const userinfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;

/** Secrets registered for hiding in every message (the client secret, once the settings name it). */
const registered = new Set<string>();

export function registerSecret(secret: string): void {
  if (secret.length >= 4) registered.add(secret);
}

/** One printable line: escape sequences dropped, other control characters and line breaks as one space. */
export function oneLine(text: string): string {
  return text
    .replace(escapeSequences, '')
    .replace(controls, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Whole lines of secrets, and each of their lines (a private key's), longest first. */
function hidden(secrets: readonly string[]): string[] {
  return [...secrets, ...registered]
    .flatMap((secret) => [secret, ...secret.split(/\r?\n/).map((line) => line.trim())])
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length);
}

function redacted(text: string, secrets: readonly string[]): string {
  const withoutSecrets = secrets.reduce((result, secret) => result.split(secret).join('***'), text);
  return withoutSecrets.replace(bearerTokens, 'Bearer ***').replace(jwts, '***').replace(userinfo, '$1');
}

/**
 * Makes a whole message fit to print: on one line, with `secrets`, the
 * registered ones, bearer tokens and URL userinfo replaced, whatever a
 * server or library put in it.
 */
export function safeTextFor(secrets: readonly string[] = []): (text: string) => string {
  const hiddenSecrets = hidden(secrets);
  // Secrets are hidden before the line is joined, so one split over lines is still found.
  return (text) => oneLine(redacted(oneLine(redacted(text, hiddenSecrets)), hiddenSecrets));
}

// p2l's own prefix, which a server's words must not bring along to pose as one of p2l's lines.
const ownPrefix = /\bp2l:/gi;

/** A server's words, to quote in an error: a safe line of at most `limit` characters, cut with an ellipsis. */
export function serverText(text: string, limit = serverTextLimit): string {
  const line = safeTextFor()(text).replace(ownPrefix, 'p2l');
  return line.length <= limit ? line : `${line.slice(0, limit - 1).trimEnd()}…`;
}
