/**
 * An object's versions ("effects"): the runs of days over which all its
 * values are constant, and in which it is active.
 */
import type { GroupName, LoraObject, LoraRegistration } from '../wire.js';
import { groupNames } from '../wire.js';
import { reaches, spanOf, type Day, type Span } from './time.js';

/** One element's value: its fields, `virkning` aside (the element itself, which is not copied). */
export type ElementValue = Readonly<Record<string, unknown>>;

/** The values valid in a version, by list name (LoRa's list names are unique across the three groups). */
export type Values = ReadonlyMap<string, readonly ElementValue[]>;

export interface Version extends Span {
  values: Values;
}

interface Timed {
  group: GroupName;
  list: string;
  span: Span;
  value: ElementValue;
  /** The value as canonical JSON, to order and compare values; computed when first needed (see keyOf). */
  key?: string;
}

const stateSuffix = 'gyldighed';
const activeState = 'Aktiv';

/**
 * The registration in force: LoRa answers one per object unless asked for
 * the registration history; should there be several, the one registered
 * until "infinity" (else the last) is today's truth.
 */
export function currentRegistration(object: LoraObject): LoraRegistration | undefined {
  return object.registreringer.find((r) => r.registeredUntil === 'infinity') ?? object.registreringer.at(-1);
}

/** The value as JSON with its fields (but `virkning`) in sorted order, so that equal values have equal keys. */
function canonical(value: ElementValue): string {
  return JSON.stringify(
    Object.keys(value)
      .filter((field) => field !== 'virkning')
      .sort()
      .map((field) => [field, value[field]]),
  );
}

/** Most values never need their key (an unchanged list holds the same element in both slices), so it is made on demand. */
function keyOf(timed: Timed): string {
  timed.key ??= canonical(timed.value);
  return timed.key;
}

function timedElements(registration: LoraRegistration): Timed[] {
  const timed: Timed[] = [];
  for (const group of groupNames) {
    const lists = registration[group];
    for (const list in lists) {
      for (const element of lists[list] ?? []) {
        const span = spanOf(element.virkning);
        if (span !== undefined) timed.push({ group, list, span, value: element });
      }
    }
  }
  return timed;
}

const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * The items sorted in place, stably, as Array.prototype.sort sorts them.
 * An object has a handful of values, and for so few an insertion sort
 * saves the working copies sort allocates on every call: a fifth of all
 * that translating a page allocates.
 */
function sortSmall<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > 64) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    let j = i - 1;
    for (; j >= 0 && compare(items[j] as T, item) > 0; j--) items[j + 1] = items[j] as T;
    items[j + 1] = item;
  }
  return items;
}

/** Every from and to, in time order, once each. */
function cuts(timed: readonly Timed[]): Day[] {
  const days: Day[] = [];
  for (const { span } of timed) days.push(span.from, span.to);
  sortSmall(days, byText);
  return days.filter((day, i) => day !== days[i - 1]);
}

/** A stable order of values: by list, then by key. */
const byListAndKey = (a: Timed, b: Timed): number => byText(a.list, b.list) || byText(keyOf(a), keyOf(b));

interface Slice extends Span {
  /** The values valid in the slice. */
  timed: Timed[];
}

function slicesOf(timed: readonly Timed[]): Slice[] {
  const bounds = cuts(timed);
  const slices: Slice[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const span = { from: bounds[i] as Day, to: bounds[i + 1] as Day };
    const valid = timed.filter((t) => t.span.from <= span.from && span.from < t.span.to);
    if (valid.length > 0) slices.push({ ...span, timed: valid });
  }
  return slices;
}

const isStateList = (name: string): boolean => name.endsWith(stateSuffix);

/** Whether the registration has a `*gyldighed` state list (classes and facets have none). */
function hasStateList(registration: LoraRegistration): boolean {
  for (const name in registration.tilstande) if (isStateList(name)) return true;
  return false;
}

/**
 * Whether the object is active in a slice: its `*gyldighed` state says
 * Aktiv, and it has attributes there (a slice without any attribute value
 * has nothing for MO to show). An object without such a state list
 * (classes, facets) is active wherever it has attributes. A state list that
 * is present but has no element in the slice means inactive: LoRa leaves
 * out state elements outside the asked window, not states that exist.
 */
function isActive(slice: Slice, stateful: boolean): boolean {
  if (!slice.timed.some((t) => t.group === 'attributter')) return false;
  return !stateful || slice.timed.some((t) => t.group === 'tilstande' && isStateList(t.list) && t.value[stateSuffix] === activeState);
}

/** Whether two slices (their values ordered byListAndKey) hold the same values: every list holds equal values. */
function sameValues(a: readonly Timed[], b: readonly Timed[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined || y === undefined || x.list !== y.list || keyOf(x) !== keyOf(y)) return false;
  }
  return true;
}

function valuesOf(timed: readonly Timed[]): Values {
  const values = new Map<string, ElementValue[]>();
  for (const { list, value } of timed) {
    const found = values.get(list);
    if (found === undefined) values.set(list, [value]);
    else found.push(value);
  }
  return values;
}

/**
 * The object's active versions over all the time LoRa gave, in time order.
 *
 * The timeline is cut at every from and to of every element of every list
 * (attributes, states, relations), and each slice reads the values valid in
 * it. Every list counts as relevant: MO's own readers map practically all
 * of them, and a list that does not change never adds a cut.
 *
 * Merging rule: two slices become one version only when they touch (one
 * ends where the next begins) and every value of every list is equal in
 * both (as when LoRa splits one value into two equal periods, or a state
 * period ends where nothing else changes). Slices that differ in anything
 * stay separate versions, as MO answers them, even if the fields a query
 * asks for happen to be equal. A gap (inactive or empty days) always
 * separates versions.
 */
export function versionsOf(object: LoraObject): Version[] {
  const registration = currentRegistration(object);
  if (registration === undefined) return [];
  const stateful = hasStateList(registration);
  const versions: Version[] = [];
  let previous: { version: Version; timed: Timed[] } | undefined;
  for (const slice of slicesOf(timedElements(registration))) {
    if (!isActive(slice, stateful)) continue;
    const timed = sortSmall(slice.timed, byListAndKey);
    if (previous !== undefined && previous.version.to === slice.from && sameValues(previous.timed, timed)) {
      previous.version.to = slice.to;
      continue;
    }
    const version = { from: slice.from, to: slice.to, values: valuesOf(timed) };
    versions.push(version);
    previous = { version, timed };
  }
  return versions;
}

/** The versions MO's `validities(start: today, end: null)` gives: those reaching today or later. */
export const versionsFrom = (versions: readonly Version[], today: Day): Version[] => versions.filter((v) => reaches(v, today));
