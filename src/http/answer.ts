/** One HTTP request with its whole body read inside the try, so that a time-out or a broken connection while reading is a failed try. */
import type { Fetch } from './tls.js';
import { TransientFailure, isTransientStatus, retryAfterMs } from './transient.js';

export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body as UTF-8 text. */
  text: string;
  /** The body's size on the wire (after any content decoding). */
  bytes: number;
}

/** The answer, whole; HTTP 429 and 5xx are a TransientFailure (honouring Retry-After), their body dropped unread. */
export async function fetchWhole(url: string | URL | Request, init: RequestInit, signal: AbortSignal, send: Fetch = fetch): Promise<Answer> {
  const response = await send(url, { ...init, signal });
  if (isTransientStatus(response.status)) {
    await response.body?.cancel().catch(() => undefined);
    throw new TransientFailure(`HTTP ${response.status}`, { retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
  }
  const { status, statusText, headers } = response;
  return { status, statusText, headers, ...(await textOf(response.body)) };
}

/**
 * The body decoded as it arrives. Reading it whole first (arrayBuffer())
 * leaves a page-sized buffer outside the JavaScript heap for every page
 * until the next full garbage collection: some 50 MB at once in a large
 * LoRa walk. Chunks decoded one by one die young.
 */
async function textOf(body: ReadableStream<Uint8Array> | null): Promise<{ text: string; bytes: number }> {
  if (body === null) return { text: '', bytes: 0 };
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    parts.push(decoder.decode(chunk, { stream: true }));
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), bytes };
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;
