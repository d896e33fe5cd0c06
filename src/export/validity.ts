import type { MoValidityFragment, OpenValidityFragment } from '../generated/graphql.js';
import { copenhagenDay } from '../util/days.js';

/** Where a version lies relative to the export's day. */
export type Phase = 'active' | 'future' | 'past';

/**
 * MO's validity bounds: DateTime text at local midnight. From GraphQL v29 on
 * `to` is exclusive, the first day no longer valid (OS2mo
 * tests/graphapi/test_v28.py); null is open-ended. The generated fragments
 * of graphql/fragments.graphql: `Validity` (a start always) and
 * `OpenValidity` (classes and persons, whose start may be open).
 */
export type MoValidity = MoValidityFragment | OpenValidityFragment;

// MO writes Copenhagen midnight as "YYYY-MM-DDT00:00:00+01:00" or "+02:00"; anything
// else (UTC, another offset) is converted to the Copenhagen day explicitly.
const copenhagenMidnight = /^\d{4}-\d{2}-\d{2}T00:00:00(?:\.0+)?\+0[12]:00$/;

/** The Copenhagen calendar day (YYYY-MM-DD) of an MO DateTime bound. */
export function dayOf(dateTime: string): string {
  // Stryker disable next-line LogicalOperator: a fast path only; a bare day or a Copenhagen midnight read the slow way gives the same day
  if (dateTime.length === 10 || copenhagenMidnight.test(dateTime)) return dateTime.slice(0, 10);
  return copenhagenDay(new Date(dateTime));
}

/** active if from <= today < to, future if from > today, past if to <= today. */
export function phaseOf(validity: MoValidity, today: string): Phase {
  if (validity.from !== null && dayOf(validity.from) > today) return 'future';
  if (validity.to !== null && dayOf(validity.to) <= today) return 'past';
  return 'active';
}

/**
 * The version the export uses: the one active today, else the earliest
 * future one; undefined when every version is past.
 */
export function versionInUse<V extends { validity: MoValidity }>(
  versions: readonly V[],
  today: string,
): { version: V; phase: 'active' | 'future' } | undefined {
  let earliestFuture: V | undefined;
  for (const version of versions) {
    const phase = phaseOf(version.validity, today);
    if (phase === 'active') return { version, phase };
    if (phase === 'future' && (!earliestFuture || startDay(version) < startDay(earliestFuture))) earliestFuture = version;
  }
  return earliestFuture && { version: earliestFuture, phase: 'future' };
}

/** The version active today, if any. */
export function activeVersion<V extends { validity: MoValidity }>(versions: readonly V[], today: string): V | undefined {
  return versions.find((version) => phaseOf(version.validity, today) === 'active');
}

/** A version's first day; an open start sorts first. */
export function startDay(version: { validity: MoValidity }): string {
  return version.validity.from === null ? '' : dayOf(version.validity.from);
}
