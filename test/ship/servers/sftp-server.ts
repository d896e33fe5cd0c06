import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, posix } from 'node:path';
import ssh2, { type Connection, type SFTPWrapper } from 'ssh2';
import { sshFingerprintOf } from '../../../src/ship/fingerprint.js';

const { STATUS_CODE, flagsToString } = ssh2.utils.sftp;

/**
 * An SFTP server for tests on 127.0.0.1 (ssh2's Server), serving `root` as
 * the login folder. Plain RENAME refuses an existing target, as OpenSSH
 * does; ssh2's server cannot announce posix-rename@openssh.com, so the
 * client's delete-then-rename fallback is what replaces files here.
 */
export interface SftpServerOptions {
  root: string;
  user: string;
  /** The password that logs in, if any. */
  password?: string;
  /** The client public key (OpenSSH `.pub` line) that logs in, if any. */
  publicKey?: string;
  /** The server's private host key. */
  hostKey: string;
}

export interface SftpServer {
  host: string;
  port: number;
  /** Every SFTP request that changes or reads files, in order: `RENAME a b`. */
  requests: string[];
  /** Logins refused. */
  refusedLogins: number;
  close(): Promise<void>;
}

export async function startSftpServer(options: SftpServerOptions): Promise<SftpServer> {
  const allowedKey = options.publicKey === undefined ? undefined : parsedKey(options.publicKey);
  const connections = new Set<Connection>();
  const state: SftpServer = { host: '127.0.0.1', port: 0, requests: [], refusedLogins: 0, close };

  const server = new ssh2.Server({ hostKeys: [options.hostKey] }, (client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (context) => {
      if (context.username === options.user && context.method === 'password' && options.password !== undefined) {
        if (sameText(context.password, options.password)) return context.accept();
      }
      if (context.username === options.user && context.method === 'publickey' && allowedKey !== undefined) {
        const matches = context.key.algo === allowedKey.type && context.key.data.equals(allowedKey.getPublicSSH());
        const { blob, signature } = context;
        if (matches && signature === undefined) return context.accept();
        if (matches && blob !== undefined && signature !== undefined && allowedKey.verify(blob, signature, context.hashAlgo) === true) {
          return context.accept();
        }
      }
      if (context.method !== 'none') state.refusedLogins += 1;
      context.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('sftp', (acceptSftp) => serveFiles(acceptSftp(), options.root, state.requests));
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.port = (server.address() as AddressInfo).port;

  async function close(): Promise<void> {
    for (const connection of connections) connection.end();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return state;
}

/** The fingerprint of an OpenSSH public key line, as exporters.plan2learn.host_key pins it. */
export function fingerprintOf(publicKey: string): string {
  return sshFingerprintOf(parsedKey(publicKey).getPublicSSH());
}

function parsedKey(text: string): ssh2.ParsedKey {
  const key = ssh2.utils.parseKey(text);
  if (key instanceof Error) throw key;
  return key;
}

function sameText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

type OpenHandle = { kind: 'file'; file: FileHandle } | { kind: 'folder'; path: string; listed: boolean };

/** The SFTP requests a client needs to upload, check, rename, delete and list. */
function serveFiles(sftp: SFTPWrapper, root: string, requests: string[]): void {
  const handles = new Map<string, OpenHandle>();
  let nextHandle = 0;
  const local = (path: string) => join(root, ...posix.resolve('/', path).split('/').filter(Boolean));
  const newHandle = (value: OpenHandle) => {
    const id = Buffer.from(String(nextHandle++));
    handles.set(id.toString(), value);
    return id;
  };
  const attributesOf = (info: { mode: number; uid: number; gid: number; size: number; atimeMs: number; mtimeMs: number }) => ({
    mode: info.mode,
    uid: info.uid,
    gid: info.gid,
    size: info.size,
    atime: Math.floor(info.atimeMs / 1000),
    mtime: Math.floor(info.mtimeMs / 1000),
  });
  /** Runs a request; a failure answers NO_SUCH_FILE or FAILURE. */
  const answer = (id: number, what: string, run: () => Promise<void>) => {
    requests.push(what);
    run().catch((error: NodeJS.ErrnoException) => sftp.status(id, error.code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE));
  };
  const statPath = (id: number, path: string) =>
    answer(id, `STAT ${path}`, async () => {
      sftp.attrs(id, attributesOf(await stat(local(path))));
    });

  sftp.on('OPEN', (id, filename, flags) =>
    answer(id, `OPEN ${filename}`, async () => {
      const file = await open(local(filename), flagsToString(flags) ?? 'r');
      sftp.handle(id, newHandle({ kind: 'file', file }));
    }),
  );
  sftp.on('WRITE', (id, handle, offset, data) => {
    const open = handles.get(handle.toString());
    if (open?.kind !== 'file') return sftp.status(id, STATUS_CODE.FAILURE);
    open.file.write(data, 0, data.length, offset).then(
      () => sftp.status(id, STATUS_CODE.OK),
      () => sftp.status(id, STATUS_CODE.FAILURE),
    );
  });
  sftp.on('CLOSE', (id, handle) =>
    answer(id, 'CLOSE', async () => {
      const open = handles.get(handle.toString());
      handles.delete(handle.toString());
      if (open?.kind === 'file') await open.file.close();
      sftp.status(id, open === undefined ? STATUS_CODE.FAILURE : STATUS_CODE.OK);
    }),
  );
  sftp.on('FSTAT', (id, handle) =>
    answer(id, 'FSTAT', async () => {
      const open = handles.get(handle.toString());
      if (open?.kind !== 'file') return void sftp.status(id, STATUS_CODE.FAILURE);
      sftp.attrs(id, attributesOf(await open.file.stat()));
    }),
  );
  sftp.on('STAT', statPath);
  sftp.on('LSTAT', statPath);
  sftp.on('RENAME', (id, from, to) =>
    answer(id, `RENAME ${from} ${to}`, async () => {
      const exists = await stat(local(to)).then(
        () => true,
        () => false,
      );
      if (exists) return void sftp.status(id, STATUS_CODE.FAILURE, 'target exists');
      await rename(local(from), local(to));
      sftp.status(id, STATUS_CODE.OK);
    }),
  );
  sftp.on('REMOVE', (id, path) =>
    answer(id, `REMOVE ${path}`, async () => {
      await unlink(local(path));
      sftp.status(id, STATUS_CODE.OK);
    }),
  );
  sftp.on('REALPATH', (id, path) =>
    answer(id, `REALPATH ${path}`, async () => {
      const resolved = posix.resolve('/', path);
      sftp.name(id, [{ filename: resolved, longname: resolved, attrs: {} as ssh2.Attributes }]);
    }),
  );
  sftp.on('OPENDIR', (id, path) =>
    answer(id, `OPENDIR ${path}`, async () => {
      if (!(await stat(local(path))).isDirectory()) return void sftp.status(id, STATUS_CODE.FAILURE);
      sftp.handle(id, newHandle({ kind: 'folder', path, listed: false }));
    }),
  );
  sftp.on('READDIR', (id, handle) =>
    answer(id, 'READDIR', async () => {
      const open = handles.get(handle.toString());
      if (open?.kind !== 'folder') return void sftp.status(id, STATUS_CODE.FAILURE);
      if (open.listed) return void sftp.status(id, STATUS_CODE.EOF);
      open.listed = true;
      const names = await readdir(local(open.path));
      const entries = await Promise.all(
        names.map(async (name) => {
          const attrs = attributesOf(await stat(join(local(open.path), name)));
          return { filename: name, longname: `-rw-r--r-- 1 p2l p2l ${attrs.size} Jan 1 00:00 ${name}`, attrs };
        }),
      );
      sftp.name(id, entries);
    }),
  );
}

/**
 * An ed25519 key pair ssh2 can read back. Now and then ssh2's own generator
 * writes a public key its parser refuses ("Malformed OpenSSH public key");
 * that is ssh2's flaw, not p2l's, so such a pair is drawn again.
 */
export function readableKeyPair(): ReturnType<typeof ssh2.utils.generateKeyPairSync> {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.public) instanceof Error) && !(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
}
