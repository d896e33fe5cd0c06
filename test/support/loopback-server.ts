/** What the HTTP test servers on 127.0.0.1 share: a JSON answer, and listening on a free port. */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer to one request; JSON unless `headers` say otherwise. */
export interface Reply {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

export function sendReply(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
  response.end(reply.body);
}

export interface Listening {
  url: string;
  /** Stops the server, cutting the connections still open. */
  close(): Promise<void>;
}

/** Starts `server` listening on a free port of 127.0.0.1. */
export async function listenOnLoopback(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
