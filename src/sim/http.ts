/** Small node:http helpers: a reply as data, reading a capped body, sending. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * How a faulty server delivers an answer: `reset` sends half the body and
 * then resets the connection; `truncate` sends half the body as the whole
 * answer (its Content-Length) and ends it cleanly.
 */
export type Damage = 'reset' | 'truncate';

export interface Reply {
  status: number;
  /** A string is sent as is (text); anything else as JSON. */
  body: unknown;
  headers?: Readonly<Record<string, string>>;
  damage?: Damage;
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

/** Sends the reply (damaged, when it says so); answers the number of body bytes sent. */
export function send(response: ServerResponse, reply: Reply): number {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const contentType = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  if (response.destroyed) return 0;
  if (reply.damage) return sendDamaged(response, reply, contentType, Buffer.from(text));
  const bytes = Buffer.byteLength(text);
  response.writeHead(reply.status, { 'content-type': contentType, 'content-length': bytes, ...reply.headers });
  response.end(text);
  return bytes;
}

function sendDamaged(response: ServerResponse, reply: Reply, contentType: string, body: Buffer): number {
  const half = body.subarray(0, Math.floor(body.length / 2));
  const announced = reply.damage === 'reset' ? body.length : half.length;
  response.writeHead(reply.status, { 'content-type': contentType, 'content-length': announced, ...reply.headers });
  if (reply.damage === 'reset') response.write(half, () => response.destroy());
  else response.end(half);
  return half.length;
}
