/**
 * One object for each distinct small value a snapshot repeats by the
 * hundred thousand: validities, `{uuid}` references and class references
 * (one address type recurs in 130,000 address versions of a large
 * municipality). Nothing after the fetch changes a snapshot, so sharing is
 * safe, and it saves much of a snapshot's memory.
 */
import type { ClassRef } from '../../snapshot.js';
import type { ClassCatalogue } from './classes.js';
import { fromText, openValidityText, validityText, type Day, type Span } from './time.js';

export interface Reference {
  uuid: string;
}

export interface SharedValues {
  /** MO's validity where `from` cannot be null (see time.ts). */
  validity(span: Span): { from: string; to: string | null };
  /** MO's validity where `from` may be null (persons, classes). */
  openValidity(span: Span): { from: string | null; to: string | null };
  /** An engagement's `history` entry for a version starting on `from`. */
  historyEntry(from: Day): { validity: { from: string } };
  reference(uuid: string): Reference;
  /** A class reference as MO's Classes document answers the class: `current(at: today) {name scope}`. */
  classRef(uuid: string): ClassRef;
}

/** `compute` once per argument; later calls with an equal argument answer the same value. */
function memoised<A, V extends object>(compute: (arg: A) => V): (arg: A) => V {
  const known = new Map<A, V>();
  return (arg) => {
    const found = known.get(arg);
    if (found !== undefined) return found;
    const value = compute(arg);
    known.set(arg, value);
    return value;
  };
}

/** `compute` once per span (by its days, without building a key for each call). */
function memoisedBySpan<V extends object>(compute: (span: Span) => V): (span: Span) => V {
  const byFrom = memoised((from: Day) => memoised((to: Day) => compute({ from, to })));
  return (span) => byFrom(span.from)(span.to);
}

/** A fresh pool for one translation; class references answer `classes.current` (today's version). */
export function sharedValues(classes: ClassCatalogue): SharedValues {
  return {
    validity: memoisedBySpan(validityText),
    openValidity: memoisedBySpan(openValidityText),
    historyEntry: memoised((from: Day) => ({ validity: { from: fromText(from) } })),
    reference: memoised((uuid: string) => ({ uuid })),
    classRef: memoised((uuid: string) => {
      const current = classes.current(uuid);
      return { uuid, current: current && { name: current.name, scope: current.scope } };
    }),
  };
}
