/**
 * Makes text fit to print: on one line, with every secret (the password,
 * the private key and each of its lines) replaced by `***`, whatever a
 * server or library put in a message.
 */
export function safeTextFor(secrets: readonly string[]): (text: string) => string {
  const hidden = secrets
    .flatMap((secret) => [secret, ...secret.split(/\r?\n/).map((line) => line.trim())])
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length);
  return (text) => oneLine(hidden.reduce((result, secret) => result.split(secret).join('***'), text));
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
