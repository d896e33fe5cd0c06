import { posix } from 'node:path';
import ssh2, { type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { settingsTable } from '../settings/table.js';
import { messageOf } from '../util/errors.js';
import { onInterrupt, unlessInterrupted } from '../util/interrupt.js';
import { serverText } from '../util/server-text.js';
import { sshFingerprintOf } from './fingerprint.js';
import { folderName, serverName, type SftpTarget } from './target.js';
import { TransportError, type RemoteSession, type Transport } from './transport.js';

/**
 * SFTP over SSH with the server's host key pinned by its SHA256
 * fingerprint; login with a password and/or a private key.
 */
export function sftpTransport(target: SftpTarget, privateKey: Buffer | null, timeoutMs: number): Transport {
  return { server: serverName(target), folder: folderName(target), connect: () => unlessInterrupted(() => openSession(target, privateKey, timeoutMs)) };
}

/**
 * A logged-in SFTP session. SIGTERM or SIGINT destroys the connection at
 * once, cutting a transfer in flight (the run then ends; the next delivery
 * removes the temporary file it left).
 */
async function openSession(target: SftpTarget, privateKey: Buffer | null, timeoutMs: number): Promise<RemoteSession> {
  const client = new ssh2.Client();
  const forget = onInterrupt(async () => client.destroy());
  const state = { open: false, offeredKey: undefined as string | undefined };
  const closed = () => {
    state.open = false;
  };
  client.on('error', closed);
  client.on('close', closed);
  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.user,
    ...(target.password === null ? {} : { password: target.password }),
    ...(privateKey === null ? {} : { privateKey }),
    hostVerifier: (key: Buffer): boolean => {
      state.offeredKey = sshFingerprintOf(key);
      return state.offeredKey === target.hostKey;
    },
    readyTimeout: timeoutMs,
    // A connection that dies silently is noticed within half a minute instead of hanging the run.
    keepaliveInterval: 10_000,
    keepaliveCountMax: 3,
  };
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('error', reject);
      client.connect(config);
    });
  } catch (error) {
    forget();
    client.end();
    throw explainConnectFailure(error, state.offeredKey, target);
  }
  state.open = true;
  try {
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));
    if (target.remoteDir !== null) await checkFolder(sftp, target.remoteDir);
    return sessionOf(client, sftp, target.remoteDir, state, forget);
  } catch (error) {
    forget();
    client.end();
    throw error instanceof TransportError ? error : new TransportError(`cannot start SFTP (${serverText(messageOf(error))})`, false);
  }
}

function explainConnectFailure(error: unknown, offeredKey: string | undefined, target: SftpTarget): TransportError {
  if (offeredKey !== undefined && offeredKey !== target.hostKey) {
    return new TransportError(
      `the server offered host key ${offeredKey}, not the pinned ${target.hostKey}: if the server's key really changed, set ${settingsTable.shipHostKey.key} to the new fingerprint`,
      true,
    );
  }
  if ((error as { level?: string }).level === 'client-authentication') {
    return new TransportError(
      `login as ${target.user} refused (${serverText(messageOf(error))}): check ${[settingsTable.shipUser.key, ...credentialKeysOf(target)].join(' and ')}`,
      true,
    );
  }
  return new TransportError(`cannot connect (${serverText(messageOf(error))})`, false);
}

/** The settings that gave the credentials tried. */
function credentialKeysOf(target: SftpTarget): string[] {
  return [
    ...(target.password === null ? [] : [settingsTable.shipPassword.key]),
    ...(target.privateKeyFile === null ? [] : [settingsTable.shipPrivateKeyFile.key]),
  ];
}

async function checkFolder(sftp: SFTPWrapper, folder: string): Promise<void> {
  const problem = await new Promise<string | undefined>((resolve) =>
    sftp.stat(folder, (error, stats) => resolve(error ? serverText(messageOf(error)) : stats.isDirectory() ? undefined : 'not a folder')),
  );
  if (problem !== undefined) {
    throw new TransportError(`cannot use the folder ${folder} (${problem}): check ${settingsTable.shipRemoteDir.key}`, true);
  }
}

function sessionOf(client: ssh2.Client, sftp: SFTPWrapper, folder: string | null, state: { open: boolean }, forget: () => void): RemoteSession {
  const at = (name: string) => (folder === null ? name : posix.join(folder, name));
  return {
    list: () =>
      call<ssh2.FileEntryWithStats[]>('listing the folder', (done) => sftp.readdir(folder ?? '.', done)).then((entries) =>
        entries.filter((entry) => entry.attrs.isFile()).map((entry) => ({ name: entry.filename, bytes: entry.attrs.size })),
      ),
    upload: (localPath, remoteName) => call<undefined>(`uploading ${remoteName}`, (done) => sftp.fastPut(localPath, at(remoteName), done)),
    size: (remoteName) => call<ssh2.Stats>(`stat ${remoteName}`, (done) => sftp.stat(at(remoteName), done)).then((stats) => stats.size),
    rename: (from, to) => call<undefined>(`renaming ${from} to ${to}`, (done) => renameOver(sftp, at(from), at(to), done)),
    remove: (remoteName) => call<undefined>(`deleting ${remoteName}`, (done) => sftp.unlink(at(remoteName), done)),
    isOpen: () => state.open,
    close: async () => {
      forget();
      state.open = false;
      client.end();
    },
  };
}

/**
 * posix-rename@openssh.com replaces the target as POSIX rename(2) does;
 * plain SFTP rename refuses an existing target on most servers (the caller
 * then deletes it and renames again).
 */
function renameOver(sftp: SFTPWrapper, from: string, to: string, done: (error?: Error | null) => void): void {
  try {
    sftp.ext_openssh_rename(from, to, done);
  } catch {
    // ssh2 throws at once when the server did not announce the extension.
    sftp.rename(from, to, done);
  }
}

/** A callback-style ssh2 call as a promise whose failure names the operation (one because the run was interrupted never settles: see unlessInterrupted). */
function call<T>(what: string, start: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return unlessInterrupted(
    () =>
      new Promise<T>((resolve, reject) => {
        start((error, value) => {
          if (error) reject(new Error(`${what}: ${serverText(messageOf(error))}`));
          else resolve(value as T);
        });
      }),
  );
}
