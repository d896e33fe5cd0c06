import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, FTPError } from 'basic-ftp';
import { settingsTable } from '../settings/table.js';
import { messageOf } from '../util/errors.js';
import { onInterrupt, unlessInterrupted } from '../util/interrupt.js';
import { serverText } from '../util/server-text.js';
import { folderName, serverName, type FtpesTarget } from './target.js';
import { TransportError, type RemoteSession, type Transport } from './transport.js';

export interface Trust {
  /** PEM CA certificates trusted instead of the system's; null: the system's. */
  ca: Buffer | null;
  /** False only with --insecure-skip-tls-verify. */
  verify: boolean;
}

/**
 * FTP with explicit TLS (AUTH TLS on the plain port), protected passive
 * data connections (PBSZ 0, PROT P) that resume the control connection's
 * TLS session, binary mode. The certificate is checked for both
 * connections, against the host name in the settings.
 */
export function ftpesTransport(target: FtpesTarget, trust: Trust, timeoutMs: number): Transport {
  return { server: serverName(target), folder: folderName(target), connect: () => unlessInterrupted(() => openSession(target, trust, timeoutMs)) };
}

/**
 * A logged-in connection. SIGTERM or SIGINT closes it at once, cutting a
 * transfer in flight (the run then ends; the next delivery removes the
 * temporary file it left).
 */
async function openSession(target: FtpesTarget, trust: Trust, timeoutMs: number): Promise<RemoteSession> {
  const client = new Client(timeoutMs);
  const forget = onInterrupt(async () => client.close());
  try {
    await step('connect', target, () => client.connect(target.host, target.port));
    await step('tls', target, () => client.useTLS(tlsOptionsOf(target, trust)));
    await step('login', target, () => client.login(target.user, target.password));
    await step('setup', target, () => client.useDefaultSettings());
    const folder = target.remoteDir;
    if (folder !== null) await step('folder', target, () => client.cd(folder));
  } catch (error) {
    forget();
    client.close();
    throw error;
  }
  return sessionOf(client, forget);
}

function tlsOptionsOf(target: FtpesTarget, trust: Trust): ConnectionOptions {
  return {
    // `host` is the name the certificate must match (on data connections too, which connect to an address).
    host: target.host,
    ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
    rejectUnauthorized: trust.verify,
    ...(trust.ca === null ? {} : { ca: trust.ca }),
  };
}

type Step = 'connect' | 'tls' | 'login' | 'setup' | 'folder';

async function step(name: Step, target: FtpesTarget, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw explanations[name](error, target);
  }
}

/** What a failure at each step of logging in means to the operator, and whether trying again can help. */
const explanations: Record<Step, (error: unknown, target: FtpesTarget) => TransportError> = {
  connect: (error) => new TransportError(`cannot connect (${serverText(messageOf(error))})`, false),
  tls: (error) =>
    isCertificateError(error)
      ? new TransportError(
          `the server's TLS certificate is not trusted (${serverText(messageOf(error))}): if the server is the right one, set ${settingsTable.shipCaFile.key} to the PEM file of the CA that issued its certificate`,
          true,
        )
      : error instanceof FTPError
        ? new TransportError(`the server refused explicit TLS (AUTH TLS: ${serverText(error.message)})`, isPermanentReply(error))
        : new TransportError(`TLS handshake failed (${serverText(messageOf(error))})`, false),
  login: (error, target) =>
    error instanceof FTPError && isPermanentReply(error)
      ? new TransportError(
          `login as ${target.user} refused (${serverText(error.message)}): check ${settingsTable.shipUser.key} and ${settingsTable.shipPassword.key}`,
          true,
        )
      : new TransportError(`login failed (${serverText(messageOf(error))})`, false),
  setup: (error) => new TransportError(`setting up the session failed (${serverText(messageOf(error))})`, false),
  folder: (error, target) =>
    new TransportError(
      `cannot enter the folder ${String(target.remoteDir)} (${serverText(messageOf(error))}): check ${settingsTable.shipRemoteDir.key}`,
      error instanceof FTPError && isPermanentReply(error),
    ),
};

/** 5xx replies are the server's final word; 4xx (e.g. 421 too many users) may pass. */
function isPermanentReply(error: FTPError): boolean {
  return error.code >= 500;
}

/** OpenSSL's verification results (as Node reports them) and Node's own host name check. */
const certificateErrorCodes: ReadonlySet<string> = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

function isCertificateError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && certificateErrorCodes.has(code);
}

function sessionOf(client: Client, forget: () => void): RemoteSession {
  return {
    list: () =>
      during('listing the folder', async () => (await client.list()).filter((file) => file.isFile).map((file) => ({ name: file.name, bytes: file.size }))),
    upload: async (localPath, remoteName) => {
      await during(`uploading ${remoteName}`, () => client.uploadFrom(localPath, remoteName));
    },
    size: (remoteName) => during(`SIZE ${remoteName}`, () => client.size(remoteName)),
    rename: async (from, to) => {
      await during(`renaming ${from} to ${to}`, () => client.rename(from, to));
    },
    remove: async (remoteName) => {
      await during(`deleting ${remoteName}`, () => client.remove(remoteName));
    },
    isOpen: () => !client.closed,
    // basic-ftp's close sends QUIT before it closes the sockets.
    close: async () => {
      forget();
      client.close();
    },
  };
}

/** Names the operation in a failure's message (a failure because the run was interrupted is not one: see unlessInterrupted). */
async function during<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await unlessInterrupted(run);
  } catch (error) {
    throw new Error(`${what}: ${serverText(messageOf(error))}`, { cause: error });
  }
}
