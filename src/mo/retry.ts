import pRetry, { AbortError } from 'p-retry';
import { P2lError } from '../util/errors.js';

export interface RetryPolicy {
  /** Tries after the first one. */
  retries: number;
  /** Backoff before the first retry; doubled each time, randomised by 1-2x (jitter). */
  minDelayMs: number;
  maxDelayMs: number;
  /** Per attempt, including reading the whole body. */
  timeoutMs: number;
}

/** A failed attempt worth another try: the server was unreachable, slow, overloaded or broken. */
class TransientFailure extends Error {
  constructor(
    readonly summary: string,
    readonly retryAfterMs?: number,
  ) {
    super(summary);
  }
}

const transientStatuses = new Set([429, 500, 502, 503, 504]);

/**
 * Runs `attempt` until it yields a response that is not a transient failure:
 * network errors, time-outs, 429 and 5xx are retried with jittered
 * exponential backoff (honouring Retry-After); any other response is
 * returned for the caller to judge. `server` names the peer in the one-line
 * error given when every try failed.
 */
export async function retrying(
  server: string,
  policy: RetryPolicy,
  attempt: (signal: AbortSignal) => Promise<Response>,
): Promise<Response> {
  let tries = 0;
  let last = '';
  try {
    return await pRetry(
      async () => {
        tries++;
        const response = await attempt(AbortSignal.timeout(policy.timeoutMs)).catch((error: unknown) => {
          throw new TransientFailure(describeNetworkError(error, policy.timeoutMs));
        });
        if (transientStatuses.has(response.status)) {
          await response.body?.cancel().catch(() => undefined);
          throw new TransientFailure(`HTTP ${response.status}`, retryAfterMs(response.headers.get('retry-after')));
        }
        return response;
      },
      {
        retries: policy.retries,
        minTimeout: policy.minDelayMs,
        maxTimeout: policy.maxDelayMs,
        factor: 2,
        randomize: true,
        shouldRetry: ({ error }) => error instanceof TransientFailure,
        onFailedAttempt: async ({ error }) => {
          if (!(error instanceof TransientFailure)) throw new AbortError(error);
          last = error.summary;
          if (error.retryAfterMs) await sleep(Math.min(error.retryAfterMs, policy.maxDelayMs));
        },
      },
    );
  } catch (error) {
    if (error instanceof TransientFailure) {
      throw new P2lError(`${server} failed ${tries} ${tries === 1 ? 'try' : 'tries'} (last: ${last}): is it up and reachable from here?`);
    }
    throw error;
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
