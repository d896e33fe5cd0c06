/**
 * How MO writes an object's versions into LoRa's lists:
 * - every attribute and relation gets one element per version and value
 *   (nothing merged), except that the LAST version's elements reach to
 *   infinity even when the object ends: MO terminates an object by
 *   writing only its state;
 * - the state list has the active value for each version, and the
 *   inactive value for each gap between versions and, when the last
 *   version ends, from its end to infinity.
 * Nothing precedes the first version.
 */
import type { Instant } from '../time.js';
import type { Element, Value } from './elements.js';

/** One version of an object: its data, valid [start, end). Always-valid objects have one span from -Infinity to Infinity. */
export interface Span<T> {
  data: T;
  start: Instant;
  end: Instant;
}

/** An object as LoRa's encoder sees it; the store's entities are of this shape. */
export interface Source<T> {
  uuid: string;
  /** Ordered by start, not overlapping. */
  versions: readonly Span<T>[];
}

export interface StateValues {
  active: Value;
  inactive: Value;
}

/** A field's elements: `valuesOf` gives a version's values (none: no element for that version). */
export function fieldElements<T>(versions: readonly Span<T>[], valuesOf: (data: T) => readonly Value[]): Element[] {
  const last = versions.length - 1;
  return versions.flatMap((version, i) => {
    const end = i === last ? Infinity : version.end;
    return valuesOf(version.data).map((value) => ({ start: version.start, end, value }));
  });
}

export function stateElements(versions: readonly Span<unknown>[], values: StateValues): Element[] {
  return versions.flatMap((version, i) => {
    const active = { start: version.start, end: version.end, value: values.active };
    const nextStart = versions[i + 1]?.start ?? Infinity;
    return version.end < nextStart ? [active, { start: version.end, end: nextStart, value: values.inactive }] : [active];
  });
}
