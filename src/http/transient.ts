/**
 * Failures worth another try: the server was unreachable, slow, overloaded
 * or broken, or its answer was damaged on the way. `retrying` retries them
 * and, when every try failed, names the last one.
 */
import { serverText } from '../util/server-text.js';

/** The default advice when every try failed. */
export const reachableHint = 'is it up and reachable from here?';

export class TransientFailure extends Error {
  constructor(
    /** What went wrong, e.g. "HTTP 503"; the one-line error quotes the last one. */
    readonly summary: string,
    readonly advice: { retryAfterMs?: number | undefined; hint?: string } = {},
  ) {
    super(summary);
    this.name = 'TransientFailure';
  }

  /** What the operator may check, when this is the last failure. */
  get hint(): string {
    return this.advice.hint ?? reachableHint;
  }
}

const transientStatuses = new Set([429, 500, 502, 503, 504]);

export const isTransientStatus = (status: number): boolean => transientStatuses.has(status);

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Network problems by error code (a fetch failure's cause), in words. */
const networkProblems: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: 'connection closed early',
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connecting timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
};

/** A failed fetch (or body read) in a few words. */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') {
    const problem = networkProblems[cause.code];
    return problem ? `${problem} (${cause.code})` : cause.code;
  }
  if (typeof cause?.message === 'string' && cause.message !== '') return serverText(cause.message);
  return serverText(error instanceof Error ? error.message : String(error));
}
