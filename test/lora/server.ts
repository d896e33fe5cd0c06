/** A tiny HTTP server on 127.0.0.1 for the client tests: LoRa's list pages from given objects, or any handler. */
import { createServer, type IncomingMessage } from 'node:http';
import { listenOnLoopback, sendReply, type Reply } from '../support/loopback-server.js';

export type { Reply };

export interface Received {
  method: string;
  url: URL;
  authorization: string | undefined;
  body: string;
}

export interface TestServer {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startServer(handle: (request: Received) => Reply): Promise<TestServer> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const seen: Received = {
        method: request.method ?? 'GET',
        url: new URL(request.url ?? '/', 'http://127.0.0.1'),
        authorization: request.headers.authorization,
        body,
      };
      received.push(seen);
      sendReply(response, handle(seen));
    });
  });
  return { ...(await listenOnLoopback(server)), received };
}

/** LoRa's answer for one page of `objects` as `foersteresultat`/`maximalantalresultater` ask; `{"results": []}` past the end. */
export function listPage(objects: readonly unknown[], url: URL): Reply {
  const offset = Number(url.searchParams.get('foersteresultat') ?? '0');
  const size = Number(url.searchParams.get('maximalantalresultater') ?? String(objects.length));
  const page = objects.slice(offset, offset + size);
  return { body: JSON.stringify({ results: page.length === 0 ? [] : [page] }) };
}
