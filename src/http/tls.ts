import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { SettingsError } from '../util/errors.js';

/** The one HTTP call p2l makes to MO, LoRa and Keycloak. */
export type Fetch = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A fetch that verifies every server's certificate against the system's CAs
 * and, for an MO and Keycloak behind an internal CA, the CA certificates in
 * `caFile` (Node 20's fetch takes no CA of its own; undici's Agent does).
 * `rejectUnauthorized` is given explicitly: Node's default for it follows
 * NODE_TLS_REJECT_UNAUTHORIZED, an explicit value does not.
 */
export function fetchTrusting(caFile: string | null, settingKey: string): Fetch {
  const ca = caFile === null ? {} : { ca: [...rootCertificates, readCa(caFile, settingKey)] };
  const dispatcher = new Agent({ connect: { rejectUnauthorized: true, ...ca } });
  return (url, init) => undiciFetch(url as Parameters<typeof undiciFetch>[0], { ...(init as object), dispatcher }) as unknown as Promise<Response>;
}

function readCa(caFile: string, settingKey: string): string {
  let pem: string;
  try {
    pem = readFileSync(caFile, 'utf8');
  } catch (error) {
    throw new SettingsError(`setting ${settingKey}: ${caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new SettingsError(`setting ${settingKey}: ${caFile} holds no PEM certificate`);
  return pem;
}

const certificateCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The code of a failed request whose server's certificate was not trusted; such a failure is not retried. */
export function untrustedCertificateCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' && certificateCodes.has(cause.code) ? cause.code : undefined;
}
