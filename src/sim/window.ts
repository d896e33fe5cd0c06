/**
 * MO's time windows. A window is the half-open span of instants [start, end);
 * a version [from, to) is in it when max(start, from) < min(end, to), MO's
 * `do_ranges_overlap` (OS2mo mora/util.py), so an empty window (start = end)
 * holds nothing.
 *
 * From the two bounds of a filter (`from_date`/`to_date`) or of
 * `validities(start, end)`, where `undefined` means the argument was omitted:
 * - from omitted: the moment (the query's "now"); from null: the beginning of time;
 * - to omitted: from + 1 ms, a single moment (an error when from is null);
 *   to null: the end of time.
 */
import { GraphQLError } from 'graphql';
import type { Validity } from '../dataset/format.js';
import type { Entity, Version } from './store.js';
import type { Instant } from './time.js';

export interface Window {
  start: Instant;
  end: Instant;
}

/** An argument as graphql-js hands it over: undefined when omitted. */
export type Bound = Instant | null | undefined;

export function windowOf(from: Bound, to: Bound, moment: Instant, names: readonly [string, string]): Window {
  const [fromName, toName] = names;
  const start = from === undefined ? moment : (from ?? -Infinity);
  if (to === undefined) {
    if (from === null) throw new GraphQLError(`${fromName}: null needs an explicit ${toName} (null for all of history)`);
    return { start, end: start + 1 };
  }
  if (to === null) return { start, end: Infinity };
  if (to < start) throw new GraphQLError(`${toName} is before ${fromName}`);
  return { start, end: to };
}

export function overlaps(version: Version<Validity>, window: Window): boolean {
  return Math.max(version.start, window.start) < Math.min(version.end, window.end);
}

/** The versions overlapping the window, ordered by from. */
export function versionsIn<V extends Validity>(entity: Entity<V>, window: Window): Version<V>[] {
  return entity.versions.filter((version) => overlaps(version, window));
}

export function existsIn(entity: Entity<Validity>, window: Window): boolean {
  return entity.versions.some((version) => overlaps(version, window));
}

/** The version valid at the instant, or null. */
export function versionAt<V extends Validity>(entity: Entity<V>, at: Instant): Version<V> | null {
  return entity.versions.find((version) => version.start <= at && at < version.end) ?? null;
}
