/**
 * What the delivery loop needs from a file-transfer protocol. A session is
 * one logged-in connection whose working folder is the remote folder: every
 * name is a bare file name inside it.
 */
export interface RemoteSession {
  /** The regular files in the remote folder. */
  list(): Promise<RemoteFile[]>;
  upload(localPath: string, remoteName: string): Promise<void>;
  /** The size in bytes the server holds for a file. */
  size(remoteName: string): Promise<number>;
  /** Renames a file; may refuse when `to` exists (the caller then deletes `to` and renames again). */
  rename(from: string, to: string): Promise<void>;
  remove(remoteName: string): Promise<void>;
  /** False once the server or the network has closed the connection. */
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface RemoteFile {
  name: string;
  bytes: number;
}

export interface Transport {
  /** For messages: `ftpes server ftp.example.dk:21`. */
  readonly server: string;
  /** For messages: the remote folder, or `the login folder`. */
  readonly folder: string;
  /** A fresh connection, logged in, in the remote folder. */
  connect(): Promise<RemoteSession>;
}

/**
 * A failure the transport has explained. `permanent` failures (login
 * refused, certificate or host key not trusted, folder missing) are not
 * retried: trying again cannot help and may lock the account.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export function isPermanent(error: unknown): boolean {
  return error instanceof TransportError && error.permanent;
}
