/** A tiny HTTP server on 127.0.0.1 whose answers a test scripts, one handler call per request; `hang` never answers. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Scripted {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

export const hang = Symbol('hang');

export interface ScriptServer {
  url: string;
  /** Requests received so far. */
  count(): number;
  close(): Promise<void>;
}

export async function scriptServer(answer: (n: number) => Scripted | typeof hang): Promise<ScriptServer> {
  let received = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const reply = answer(++received);
      if (reply === hang) return;
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
