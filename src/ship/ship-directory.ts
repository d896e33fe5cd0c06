import type { Settings } from '../settings/table.js';
import { settingsTable } from '../settings/table.js';
import { P2lError, messageOf } from '../util/errors.js';
import { deliverFiles, type DeliveredFile, type RetryPolicy } from './deliver.js';
import { ftpesTransport } from './ftpes.js';
import { readCaFile, readPrivateKey } from './key-files.js';
import { previewDelivery } from './preview.js';
import { safeTextFor } from '../util/server-text.js';
import { sftpTransport } from './sftp.js';
import { serverName, shipTargetOf, type ShipTarget } from './target.js';
import type { Transport } from './transport.js';
import { InvalidFile, validateFiles } from './validate-files.js';

export interface ShipFlags {
  /** Connect, log in and list the remote folder; upload nothing. */
  dryRun: boolean;
  /** Ship even when bruger.csv has no rows. */
  allowEmpty: boolean;
  /** FTPES only: do not verify the server's certificate (a warning is printed every run). */
  insecureSkipTlsVerify: boolean;
}

export interface ShipTuning extends RetryPolicy {
  /** Time-out of connecting and of each step on a connection. */
  timeoutMs: number;
}

export const defaultShipTuning: ShipTuning = { tries: 4, firstRetryDelayMs: 2_000, timeoutMs: 30_000 };

export interface ShipReport {
  /** `ftpes server ftp.example.dk:21` */
  server: string;
  /** The remote folder, or `the login folder`. */
  folder: string;
  dryRun: boolean;
  /** Shipping order; `tries` is 0 in a dry run. */
  files: DeliveredFile[];
}

/**
 * Checks the five files in `directory` against the contract, then ships
 * them to the server the settings name (or, in a dry run, shows what it
 * would ship). Settings missing for the protocol are a SettingsError (exit
 * 2); a failed check or delivery a P2lError (exit 1) in one line. Nothing
 * logged or thrown holds the password or the private key.
 */
export async function shipDirectory(
  settings: Settings,
  directory: string,
  flags: ShipFlags,
  log: (line: string) => void,
  tuning: ShipTuning = defaultShipTuning,
): Promise<ShipReport> {
  const target = shipTargetOf(settings);
  const { transport, secrets } = await transportFor(target, flags, tuning.timeoutMs);
  const safe = safeTextFor([...secrets, settings.clientSecret]);
  const say = (line: string) => log(safe(line));
  try {
    for (const warning of warningsFor(target, flags)) say(warning);
    const files = await validateFiles(directory, { encoding: settings.csvEncoding, allowEmpty: flags.allowEmpty }).catch((error: unknown) => {
      throw error instanceof InvalidFile ? new P2lError(`nothing shipped: ${error.message}`) : error;
    });
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    say(`${flags.dryRun ? 'dry run: ' : ''}${files.length} files (${total} bytes) checked; shipping to ${transport.folder} on ${transport.server}`);
    const report = { server: transport.server, folder: transport.folder, dryRun: flags.dryRun };
    if (flags.dryRun) {
      await previewDelivery(transport, files, say);
      say('dry run: nothing was uploaded');
      return { ...report, files: files.map((file) => ({ name: file.name, bytes: file.bytes, tries: 0 })) };
    }
    const delivered = await deliverFiles(transport, files, tuning, say);
    say(`shipped ${delivered.length} files (${total} bytes) to ${transport.folder} on ${transport.server}`);
    return { ...report, files: delivered };
  } catch (error) {
    throw safeError(error, safe);
  }
}

/** The transport the target names, and the secrets it holds (for hiding them in messages). */
export async function transportFor(target: ShipTarget, flags: ShipFlags, timeoutMs: number): Promise<{ transport: Transport; secrets: string[] }> {
  if (target.protocol === 'ftpes') {
    const ca = target.caFile === null ? null : await readCaFile(target.caFile);
    return { transport: ftpesTransport(target, { ca, verify: !flags.insecureSkipTlsVerify }, timeoutMs), secrets: [target.password] };
  }
  const privateKey = target.privateKeyFile === null ? null : await readPrivateKey(target.privateKeyFile);
  return {
    transport: sftpTransport(target, privateKey, timeoutMs),
    secrets: [target.password ?? '', privateKey?.toString('utf8') ?? ''],
  };
}

function warningsFor(target: ShipTarget, flags: ShipFlags): string[] {
  if (!flags.insecureSkipTlsVerify) return [];
  return target.protocol === 'ftpes'
    ? [
        `WARNING: --insecure-skip-tls-verify: the TLS certificate of ${serverName(target)} is not verified, so anyone on the way can pose as the server and read the password and the files`,
      ]
    : [`--insecure-skip-tls-verify has no effect over sftp: the host key is always checked against ${settingsTable.shipHostKey.key}`];
}

/** The error to rethrow: its message on one line with every secret hidden, its exit code kept. */
function safeError(error: unknown, safe: (text: string) => string): P2lError {
  if (error instanceof P2lError) {
    error.message = safe(error.message);
    return error;
  }
  return new P2lError(safe(messageOf(error)));
}
