/**
 * The run's deadline (setting exporters.plan2learn.deadline_minutes): one
 * AbortSignal shared by every request of a run. No try starts after it has
 * fired, and a request in flight is aborted. It also fires, early, when one
 * request has given up, so that the others stop instead of retrying on for a
 * run that has already failed, and when the run is stopped by SIGTERM or
 * SIGINT (src/util/interrupt.ts).
 */
import { InvalidValue, type Parser } from '../settings/parsers.js';
import { P2lError } from '../util/errors.js';
import { abortOnInterrupt } from '../util/interrupt.js';

/** The signal's reason when the deadline passed: `message` names the deadline and its setting. */
export class DeadlinePassed extends Error {
  override name = 'DeadlinePassed';
}

/** The signal's reason when another request of the run gave up. */
export class RunAbandoned extends Error {
  override name = 'RunAbandoned';
}

export const deadlineKey = 'exporters.plan2learn.deadline_minutes';

const maxMinutes = 7 * 24 * 60;

/** Minutes, fractions allowed (0.5 is 30 s), above 0 and up to a week. */
export const deadlineMinutes: Parser<number> = (raw) => {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !(value > 0 && value <= maxMinutes)) {
    throw new InvalidValue(`must be a number of minutes above 0 and up to ${maxMinutes}, such as 60 (or 0.5 for 30 s)`);
  }
  return value;
};

const describeMinutes = (minutes: number): string =>
  minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.round(minutes * 60 * 1000) / 1000} s`;

export interface RunDeadline {
  readonly signal: AbortSignal;
  /** Ends the run's other requests, because `failure` ends the run anyway. */
  abandon(failure: P2lError): void;
}

export function runDeadline(minutes: number): RunDeadline {
  const controller = new AbortController();
  const reason = new DeadlinePassed(`the run's deadline of ${describeMinutes(minutes)} (${deadlineKey}) passed`);
  // unref: a finished run must not wait for its deadline to exit.
  setTimeout(() => controller.abort(reason), minutes * 60_000).unref();
  // SIGTERM and SIGINT stop the run's requests as the deadline would.
  abortOnInterrupt(controller);
  return {
    signal: controller.signal,
    abandon(failure) {
      // Later, so that `failure` reaches the caller before the run's other requests fail with this.
      setImmediate(() => controller.abort(new RunAbandoned(`abandoned: ${failure.message}`)));
    },
  };
}
