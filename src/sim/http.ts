/** Small node:http helpers: a reply as data, reading a capped body, sending. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  /** A string is sent as is (text); anything else as JSON. */
  body: unknown;
  headers?: Readonly<Record<string, string>>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

/**
 * The request body as text, or undefined when it is over `limit` bytes. A
 * body over the limit is still read to its end (and dropped), so that the
 * client gets the 413 rather than a reset connection.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** Sends the reply; answers the number of body bytes sent. */
export function send(response: ServerResponse, reply: Reply): number {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const contentType = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  const bytes = Buffer.byteLength(text);
  if (response.destroyed) return 0;
  response.writeHead(reply.status, { 'content-type': contentType, 'content-length': bytes, ...reply.headers });
  response.end(text);
  return bytes;
}
