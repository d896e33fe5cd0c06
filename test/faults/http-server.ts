/** A tiny HTTP server on 127.0.0.1 whose answers a test scripts, one handler call per request; `hang` never answers. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, sendReply, type Reply } from '../support/loopback-server.js';

export type Scripted = Reply;

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
      if (reply !== hang) sendReply(response, reply);
    });
  });
  return { ...(await listenOnLoopback(server)), count: () => received };
}
