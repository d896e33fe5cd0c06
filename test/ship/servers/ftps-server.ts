import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import net from 'node:net';
import { join, posix } from 'node:path';
import tls from 'node:tls';

/**
 * A small FTPES server for tests, on 127.0.0.1, built on node:net and
 * node:tls. It is strict where Plan2Learn's server is: AUTH TLS before
 * USER, PBSZ 0 and PROT P before any data connection, passive data
 * connections wrapped in TLS. Files live in `root`, so a test can look at
 * final and temporary names.
 */
export interface FtpsServerOptions {
  root: string;
  user: string;
  password: string;
  /** PEM key and certificate (chain) the server presents. */
  key: string;
  cert: string;
  /** Close the control connection after every upload, as Plan2Learn's server does. */
  closeControlAfterUpload?: boolean;
  /** Drop upload number `dropUploadNumber` (1-based, default 1; `all`: every one; `from N`: N and every later one) after this many bytes: both connections cut, the part kept. */
  dropUploadAfterBytes?: number;
  dropUploadNumber?: number | 'all' | `from ${number}`;
  /** RNTO onto an existing file answers 550, as some servers do. */
  refuseRenameOverExisting?: boolean;
}

export interface FtpsServer {
  host: string;
  port: number;
  /** Every command received, in order (`PASS ***`), per connection. */
  commands: string[][];
  /** STOR commands begun. */
  uploads: number;
  close(): Promise<void>;
}

type Handler = (connection: Connection, argument: string) => Promise<void> | void;

interface Connection {
  socket: net.Socket;
  secure: boolean;
  user: string | undefined;
  loggedIn: boolean;
  pbsz: boolean;
  protected: boolean;
  cwd: string;
  renameFrom: string | undefined;
  data: Promise<net.Socket> | undefined;
  commands: string[];
  reply(code: number, text: string): void;
}

export async function startFtpsServer(options: FtpsServerOptions): Promise<FtpsServer> {
  const context = tls.createSecureContext({ key: options.key, cert: options.cert });
  const sockets = new Set<net.Socket>();
  const listeners = new Set<net.Server>();
  const state: FtpsServer = { host: '127.0.0.1', port: 0, commands: [], uploads: 0, close };

  const toVirtual = (connection: Connection, path: string) => posix.resolve(connection.cwd, path || '.');
  const toLocal = (virtual: string) => join(options.root, ...virtual.split('/').filter(Boolean));

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };

  const upgrade = (socket: net.Socket): tls.TLSSocket => {
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
    track(secure);
    return secure;
  };

  /** A passive listener for one data connection, TLS-wrapped when PROT P is on. */
  const openPassive = async (connection: Connection): Promise<number> => {
    const listener = net.createServer();
    listeners.add(listener);
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const port = (listener.address() as net.AddressInfo).port;
    connection.data = new Promise<net.Socket>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no data connection')), 10_000);
      listener.once('connection', (raw: net.Socket) => {
        clearTimeout(timer);
        track(raw);
        listener.close();
        listeners.delete(listener);
        if (!connection.protected) return resolve(raw);
        const secure = upgrade(raw);
        secure.once('secure', () => resolve(secure));
        secure.once('error', reject);
      });
    });
    connection.data.catch(() => undefined);
    return port;
  };

  const takeData = async (connection: Connection): Promise<net.Socket | undefined> => {
    if (!connection.protected) {
      connection.reply(521, 'Data connections must be protected: send PBSZ 0 and PROT P');
      return undefined;
    }
    const data = connection.data;
    connection.data = undefined;
    if (data === undefined) {
      connection.reply(425, 'Use PASV or EPSV first');
      return undefined;
    }
    try {
      return await data;
    } catch {
      connection.reply(425, 'No data connection');
      return undefined;
    }
  };

  /** Lists files and folders (as real servers do), each in the format of the command. */
  const sendListing = async (connection: Connection, format: (name: string, size: number, folder: boolean) => string) => {
    const data = await takeData(connection);
    if (data === undefined) return;
    const folder = toLocal(connection.cwd);
    const lines: string[] = [];
    for (const name of await readdir(folder)) {
      const info = await stat(join(folder, name));
      if (info.isFile() || info.isDirectory()) lines.push(format(name, info.size, info.isDirectory()));
    }
    connection.reply(150, 'Here comes the listing');
    await new Promise<void>((resolve) => data.end(lines.map((line) => `${line}\r\n`).join(''), resolve));
    connection.reply(226, 'Listing sent');
  };

  const store = async (connection: Connection, argument: string) => {
    const data = await takeData(connection);
    if (data === undefined) return;
    state.uploads += 1;
    const dropNumber = options.dropUploadNumber ?? 1;
    const dropsThis = dropNumber === 'all' || state.uploads === dropNumber || (typeof dropNumber === 'string' && state.uploads >= Number(dropNumber.slice(5)));
    const drop = options.dropUploadAfterBytes !== undefined && dropsThis;
    const limit = options.dropUploadAfterBytes ?? Infinity;
    const file = createWriteStream(toLocal(toVirtual(connection, argument)));
    connection.reply(150, 'Ready for data');
    let received = 0;
    let dropped = false;
    data.on('data', (chunk: Buffer) => {
      if (dropped) return;
      if (drop && received + chunk.length >= limit) {
        dropped = true;
        file.end(chunk.subarray(0, limit - received));
        data.destroy();
        connection.socket.destroy();
        return;
      }
      received += chunk.length;
      file.write(chunk);
    });
    await new Promise<void>((resolve) => {
      data.once('end', resolve);
      data.once('close', resolve);
    });
    if (dropped) return;
    file.end();
    await once(file, 'close');
    data.end();
    connection.reply(226, `Received ${received} bytes`);
    if (options.closeControlAfterUpload) connection.socket.end();
  };

  const existing = async (path: string) =>
    stat(path).then(
      (info) => info,
      () => undefined,
    );

  /** Commands allowed before login, and the rest; each a small handler. */
  const beforeLogin: Record<string, Handler> = {
    AUTH: (connection, argument) => {
      if (connection.secure) return connection.reply(503, 'Already using TLS');
      if (!['TLS', 'SSL'].includes(argument.toUpperCase())) return connection.reply(504, 'AUTH TLS only');
      connection.reply(234, 'Proceed with TLS negotiation');
      connection.socket.removeAllListeners('data');
      connection.socket = upgrade(connection.socket);
      connection.secure = true;
      listen(connection);
    },
    FEAT: (connection) => {
      connection.socket.write('211-Features:\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n SIZE\r\n EPSV\r\n PASV\r\n UTF8\r\n MLST type*;size*;\r\n211 End\r\n');
    },
    USER: (connection, argument) => {
      if (!connection.secure) return connection.reply(530, 'Log in with AUTH TLS first');
      connection.user = argument;
      connection.reply(331, 'Password please');
    },
    PASS: (connection, argument) => {
      if (!connection.secure) return connection.reply(530, 'Log in with AUTH TLS first');
      if (connection.user === undefined) return connection.reply(503, 'USER first');
      if (connection.user !== options.user || argument !== options.password) return connection.reply(530, 'Login incorrect.');
      connection.loggedIn = true;
      connection.reply(230, 'Logged in');
    },
    PBSZ: (connection) => {
      if (!connection.secure) return connection.reply(503, 'AUTH TLS first');
      connection.pbsz = true;
      connection.reply(200, 'PBSZ=0');
    },
    PROT: (connection, argument) => {
      if (!connection.pbsz) return connection.reply(503, 'PBSZ first');
      if (argument.toUpperCase() !== 'P') return connection.reply(534, 'Only PROT P is allowed');
      connection.protected = true;
      connection.reply(200, 'Data connections protected');
    },
    OPTS: (connection) => connection.reply(200, 'OK'),
    NOOP: (connection) => connection.reply(200, 'OK'),
    QUIT: (connection) => {
      connection.reply(221, 'Bye');
      connection.socket.end();
    },
  };

  const afterLogin: Record<string, Handler> = {
    TYPE: (connection) => connection.reply(200, 'Type set'),
    STRU: (connection) => connection.reply(200, 'Structure set'),
    MODE: (connection) => connection.reply(200, 'Mode set'),
    PWD: (connection) => connection.reply(257, `"${connection.cwd}" is the current folder`),
    CWD: async (connection, argument) => {
      const target = toVirtual(connection, argument);
      if (!(await existing(toLocal(target)))?.isDirectory()) return connection.reply(550, 'No such folder');
      connection.cwd = target;
      connection.reply(250, 'Folder changed');
    },
    EPSV: async (connection) => connection.reply(229, `Entering Extended Passive Mode (|||${await openPassive(connection)}|)`),
    PASV: async (connection) => {
      const port = await openPassive(connection);
      connection.reply(227, `Entering Passive Mode (127,0,0,1,${port >> 8},${port & 255})`);
    },
    LIST: (connection) => sendListing(connection, (name, size, folder) => `${folder ? 'drwxr-xr-x' : '-rw-r--r--'} 1 ftp ftp ${size} Jan 01 00:00 ${name}`),
    MLSD: (connection) => sendListing(connection, (name, size, folder) => `type=${folder ? 'dir' : 'file'};size=${size}; ${name}`),
    STOR: store,
    SIZE: async (connection, argument) => {
      const info = await existing(toLocal(toVirtual(connection, argument)));
      if (!info?.isFile()) return connection.reply(550, 'No such file');
      connection.reply(213, String(info.size));
    },
    RNFR: async (connection, argument) => {
      const from = toVirtual(connection, argument);
      if (!(await existing(toLocal(from)))) return connection.reply(550, 'No such file');
      connection.renameFrom = from;
      connection.reply(350, 'Ready for RNTO');
    },
    RNTO: async (connection, argument) => {
      const from = connection.renameFrom;
      connection.renameFrom = undefined;
      if (from === undefined) return connection.reply(503, 'RNFR first');
      const to = toLocal(toVirtual(connection, argument));
      if (options.refuseRenameOverExisting && (await existing(to))) return connection.reply(550, 'File exists');
      await rename(toLocal(from), to);
      connection.reply(250, 'Renamed');
    },
    DELE: async (connection, argument) => {
      try {
        await unlink(toLocal(toVirtual(connection, argument)));
        connection.reply(250, 'Deleted');
      } catch {
        connection.reply(550, 'No such file');
      }
    },
  };

  const handle = async (connection: Connection, line: string) => {
    const [verb = '', ...rest] = line.split(' ');
    const command = verb.toUpperCase();
    const argument = rest.join(' ');
    connection.commands.push(command === 'PASS' ? 'PASS ***' : line);
    const early = beforeLogin[command];
    if (early) return early(connection, argument);
    const late = afterLogin[command];
    if (!late) return connection.reply(502, 'Command not implemented');
    if (!connection.loggedIn) return connection.reply(530, 'Please log in with USER and PASS');
    return late(connection, argument);
  };

  /** Reads CRLF-terminated commands from the current control socket, one at a time. */
  const listen = (connection: Connection) => {
    let buffer = '';
    let queue = Promise.resolve();
    connection.socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        queue = queue.then(() => handle(connection, line)).catch(() => connection.reply(451, 'Local error'));
      }
    });
  };

  const server = net.createServer((socket) => {
    track(socket);
    const connection: Connection = {
      socket,
      secure: false,
      user: undefined,
      loggedIn: false,
      pbsz: false,
      protected: false,
      cwd: '/',
      renameFrom: undefined,
      data: undefined,
      commands: [],
      reply(code, text) {
        if (!this.socket.destroyed && this.socket.writable) this.socket.write(`${code} ${text}\r\n`);
      },
    };
    state.commands.push(connection.commands);
    listen(connection);
    connection.reply(220, 'p2l test FTPES server');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.port = (server.address() as net.AddressInfo).port;

  async function close(): Promise<void> {
    for (const socket of sockets) socket.destroy();
    for (const listener of listeners) listener.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return state;
}
