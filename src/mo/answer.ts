/** One HTTP request with its whole body read inside the try, so that a time-out or a broken connection while reading is a failed try. */
import type { Fetch } from './tls.js';
import { TransientFailure, isTransientStatus, retryAfterMs } from './transient.js';

export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  body: ArrayBuffer;
}

/** The answer, whole; HTTP 429 and 5xx are a TransientFailure (honouring Retry-After), their body dropped unread. */
export async function fetchWhole(url: string | URL | Request, init: RequestInit, signal: AbortSignal, send: Fetch = fetch): Promise<Answer> {
  const response = await send(url, { ...init, signal });
  if (isTransientStatus(response.status)) {
    await response.body?.cancel().catch(() => undefined);
    throw new TransientFailure(`HTTP ${response.status}`, { retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
  }
  const { status, statusText, headers } = response;
  return { status, statusText, headers, body: await response.arrayBuffer() };
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;
