import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import { P2lError, messageOf } from '../util/errors.js';
import { DeadlinePassed, RunAbandoned, type RunDeadline } from './deadline.js';
import { untrustedCertificateCode, type Fetch } from './tls.js';
import { TransientFailure, describeNetworkError, reachableHint } from './transient.js';

export interface RetryPolicy {
  /** Tries after the first one. */
  retries: number;
  /** Backoff before the first retry; doubled each time, randomised by 1-2x (jitter). */
  minDelayMs: number;
  maxDelayMs: number;
  /** Per attempt, including reading the whole body. */
  timeoutMs: number;
  /** The run's deadline, shared by all its requests (none: no deadline). A request that gives up abandons the run. */
  deadline?: RunDeadline;
  /** The HTTP client to send with (default: the global fetch; see fetchTrusting). */
  fetch?: Fetch;
}

/** The signal of one try: its own time-out, and the run's deadline. */
function trySignal(policy: RetryPolicy): AbortSignal {
  const timeout = AbortSignal.timeout(policy.timeoutMs);
  return policy.deadline ? AbortSignal.any([timeout, policy.deadline.signal]) : timeout;
}

const triesText = (tries: number): string => `${tries} ${tries === 1 ? 'try' : 'tries'}`;

interface TryRecord {
  tries: number;
  failures: number;
  last: TransientFailure | undefined;
}

/** The one-line error when the run's signal ended the retries. */
function stoppedBy(reason: unknown, server: string, { tries, failures, last }: TryRecord): P2lError {
  if (reason instanceof RunAbandoned) return new P2lError(`${server}: ${reason.message}`);
  if (!(reason instanceof DeadlinePassed)) return new P2lError(`${server}: stopped (${messageOf(reason)})`);
  if (tries === 0) return new P2lError(`${server} was not asked: ${reason.message}`);
  if (last === undefined) return new P2lError(`${server} gave no answer before ${reason.message}: ${reachableHint}`);
  return new P2lError(`${server} failed ${triesText(failures)} (last: ${last.summary}) and ${reason.message}: ${last.hint}`);
}

/**
 * Runs `attempt` until it succeeds or fails with something that is not a
 * TransientFailure. Network errors and time-outs are transient too; the
 * attempt throws a TransientFailure for anything else worth a retry (429 and
 * 5xx, see fetchWhole; a damaged body). Retries wait with jittered
 * exponential backoff, and at least as long as Retry-After asks (up to
 * maxDelayMs). No try starts after the run's deadline, and one in flight is
 * aborted at it. `server` names the peer in the one-line error given when
 * every try failed.
 */
export async function retrying<T>(server: string, policy: RetryPolicy, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const runSignal = policy.deadline?.signal;
  const record: TryRecord = { tries: 0, failures: 0, last: undefined };
  try {
    return await pRetry(
      async () => {
        record.tries++;
        return attempt(trySignal(policy)).catch((error: unknown) => {
          if (error instanceof TransientFailure || error instanceof P2lError || runSignal?.aborted) throw error;
          const certificate = untrustedCertificateCode(error);
          if (certificate) {
            throw new P2lError(
              `${server}: its TLS certificate is not trusted (${certificate}): if it is the right server, set exporters.plan2learn.mo_ca_file to a PEM file of the CA that issued it`,
            );
          }
          throw new TransientFailure(describeNetworkError(error, policy.timeoutMs));
        });
      },
      {
        retries: policy.retries,
        minTimeout: policy.minDelayMs,
        maxTimeout: policy.maxDelayMs,
        factor: 2,
        randomize: true,
        signal: runSignal,
        shouldRetry: ({ error }) => error instanceof TransientFailure,
        onFailedAttempt: async ({ error, retriesLeft }) => {
          if (!(error instanceof TransientFailure)) return;
          record.failures++;
          record.last = error;
          const retryAfter = error.advice.retryAfterMs;
          if (retryAfter && retriesLeft > 0) await sleep(Math.min(retryAfter, policy.maxDelayMs), undefined, { signal: runSignal });
        },
      },
    );
  } catch (error) {
    if (runSignal?.aborted) throw stoppedBy(runSignal.reason, server, record);
    if (!(error instanceof TransientFailure)) throw error;
    const failure = new P2lError(`${server} failed ${triesText(record.tries)} (last: ${error.summary}): ${error.hint}`);
    policy.deadline?.abandon(failure);
    throw failure;
  }
}
