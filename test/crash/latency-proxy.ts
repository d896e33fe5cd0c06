import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a real server that holds back every
 * chunk the server sends by `delayMs`, so each reply of an FTP control
 * connection takes that long to arrive: the phases of a delivery (log in,
 * upload, rename) then last long enough to be killed in. It only moves
 * bytes: TLS runs end to end between p2l and the server, and passive data
 * connections go to the server directly (their address is in the encrypted
 * PASV reply).
 *
 * Every connection and every reply chunk is numbered (from 1, since the
 * last reset); `beforeReply` runs just before a chunk is handed to the
 * client, so a test can kill the client at an exact point of the protocol,
 * with the reply not yet seen.
 */
export interface LatencyProxy {
  port: number;
  /** Connections accepted since the last reset. */
  connections(): number;
  /** Reply chunks handed to the client on connection `n` (1-based) since the last reset. */
  repliesOn(n: number): number;
  beforeReply: ((connection: number, reply: number) => void) | undefined;
  reset(): void;
  close(): Promise<void>;
}

export async function startLatencyProxy(target: { host: string; port: number }, delayMs: number): Promise<LatencyProxy> {
  let replies: number[] = [];
  const sockets = new Set<Socket>();
  const proxy: LatencyProxy = {
    port: 0,
    connections: () => replies.length,
    repliesOn: (n) => replies[n - 1] ?? 0,
    beforeReply: undefined,
    reset: () => {
      replies = [];
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((client) => {
    const counts = replies;
    counts.push(0);
    const number = counts.length;
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    let pending = 0;
    let upstreamEnded = false;
    const endClientWhenDrained = () => {
      if (upstreamEnded && pending === 0) client.end();
    };
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('data', (chunk: Buffer) => {
      pending += 1;
      setTimeout(() => {
        pending -= 1;
        if (client.destroyed) return;
        counts[number - 1] = (counts[number - 1] ?? 0) + 1;
        proxy.beforeReply?.(number, counts[number - 1] ?? 0);
        client.write(chunk);
        endClientWhenDrained();
      }, delayMs);
    });
    upstream.on('end', () => {
      upstreamEnded = true;
      endClientWhenDrained();
    });
    upstream.on('close', () => {
      upstreamEnded = true;
      endClientWhenDrained();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.port = typeof address === 'object' && address !== null ? address.port : 0;
  return proxy;
}
