/**
 * An object's versions ("effects"): the runs of days over which all its
 * values are constant, and in which it is active.
 */
import type { LoraElement, LoraObject, LoraRegistration } from '../wire.js';
import { groupNames } from '../wire.js';
import { reaches, spanOf, type Day, type Span } from './time.js';

/** One element's value: its fields without `virkning`. */
export type ElementValue = Readonly<Record<string, unknown>>;

/** The values valid in a version, by list name (LoRa's list names are unique across the three groups). */
export type Values = ReadonlyMap<string, readonly ElementValue[]>;

export interface Version extends Span {
  values: Values;
}

interface Timed {
  list: string;
  span: Span;
  value: ElementValue;
  /** The value as canonical JSON, to compare versions. */
  key: string;
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

function canonical(value: ElementValue): string {
  return JSON.stringify(Object.keys(value).sort().map((field) => [field, value[field]]));
}

function valueOf(element: LoraElement): ElementValue {
  return Object.fromEntries(Object.entries(element).filter(([field]) => field !== 'virkning'));
}

function timedElements(registration: LoraRegistration): Timed[] {
  const timed: Timed[] = [];
  for (const group of groupNames) {
    for (const [list, elements] of Object.entries(registration[group])) {
      for (const element of elements) {
        const span = spanOf(element.virkning);
        if (span === undefined) continue;
        const value = valueOf(element);
        timed.push({ list, span, value, key: canonical(value) });
      }
    }
  }
  return timed;
}

/** Every from and to, in time order, once each. */
function cuts(timed: readonly Timed[]): Day[] {
  const days = new Set<Day>();
  for (const { span } of timed) days.add(span.from).add(span.to);
  return [...days].sort();
}

interface Slice extends Span {
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

/**
 * Whether the object is active in a slice: its `*gyldighed` state says
 * Aktiv, and it has attributes there (a slice without any attribute value
 * has nothing for MO to show). An object without such a state list
 * (classes, facets) is active wherever it has attributes. A state list that
 * is present but has no element in the slice means inactive: LoRa leaves
 * out state elements outside the asked window, not states that exist.
 */
function activityTest(registration: LoraRegistration): (slice: Slice) => boolean {
  const attributeLists = new Set(Object.keys(registration.attributter));
  const hasAttributes = (slice: Slice): boolean => slice.timed.some((t) => attributeLists.has(t.list));
  const stateLists = new Set(Object.keys(registration.tilstande).filter((name) => name.endsWith(stateSuffix)));
  if (stateLists.size === 0) return hasAttributes;
  return (slice) => hasAttributes(slice) && slice.timed.some((t) => stateLists.has(t.list) && t.value[stateSuffix] === activeState);
}

const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** A slice's values in a stable order, and the key that says whether two slices hold the same values. */
function valuesOf(slice: Slice): { values: Values; key: string } {
  const sorted = [...slice.timed].sort((a, b) => byText(a.list, b.list) || byText(a.key, b.key));
  const values = new Map<string, ElementValue[]>();
  for (const t of sorted) values.set(t.list, [...(values.get(t.list) ?? []), t.value]);
  return { values, key: sorted.map((t) => `${t.list}=${t.key}`).join('\n') };
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
  const isActive = activityTest(registration);
  const versions: (Version & { key: string })[] = [];
  for (const slice of slicesOf(timedElements(registration))) {
    if (!isActive(slice)) continue;
    const { values, key } = valuesOf(slice);
    const previous = versions.at(-1);
    if (previous !== undefined && previous.to === slice.from && previous.key === key) previous.to = slice.to;
    else versions.push({ from: slice.from, to: slice.to, values, key });
  }
  return versions.map(({ from, to, values }) => ({ from, to, values }));
}

/** The versions MO's `validities(start: today, end: null)` gives: those reaching today or later. */
export const versionsFrom = (versions: readonly Version[], today: Day): Version[] => versions.filter((v) => reaches(v, today));
