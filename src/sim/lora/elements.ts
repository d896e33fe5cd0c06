/**
 * A LoRa registration's lists before they are written out: every element is
 * a value with its virkning as instants [start, end). Consolidating and
 * cutting to a window work on these; `renderLists` writes them as LoRa does.
 */
import type { Instant } from '../time.js';
import type { Window } from '../window.js';
import { loraTimestamp } from './timestamps.js';

/** The fields of one list element besides its virkning, e.g. { uuid } or { gyldighed: "Aktiv" }. */
export type Value = Readonly<Record<string, string>>;

export interface Element {
  start: Instant;
  end: Instant;
  value: Value;
}

export type Group = 'attributter' | 'tilstande' | 'relationer';

/** A registration's lists by group and list name; each list ordered by start. */
export type Lists = Record<Group, Record<string, Element[]>>;

export const emptyWindow = (window: Window): boolean => window.start >= window.end;

/** Whether an element's virkning overlaps the window (never an empty one, as PostgreSQL's &&). */
export const inWindow = (element: Element, window: Window): boolean => !emptyWindow(window) && element.start < window.end && window.start < element.end;

/**
 * LoRa's konsolider: elements of equal value whose virkninger meet become one.
 * The list must be ordered by start.
 */
export function consolidate(elements: readonly Element[]): Element[] {
  const merged: Element[] = [];
  const lastByValue = new Map<string, Element>();
  for (const element of elements) {
    const key = JSON.stringify(element.value);
    const last = lastByValue.get(key);
    if (last !== undefined && last.end === element.start) {
      last.end = element.end;
      continue;
    }
    const copy = { ...element };
    merged.push(copy);
    lastByValue.set(key, copy);
  }
  return merged;
}

const virkningOf = (element: Element) => ({
  from: loraTimestamp(element.start),
  to: loraTimestamp(element.end),
  from_included: true,
  to_included: false,
});

/** LoRa's own key order: an attribute's fields before its virkning, a state's or relation's after. */
const renderers: Record<Group, (element: Element) => Record<string, unknown>> = {
  attributter: (element) => ({ ...element.value, virkning: virkningOf(element) }),
  tilstande: (element) => ({ virkning: virkningOf(element), ...element.value }),
  relationer: (element) => ({ virkning: virkningOf(element), ...element.value }),
};

/**
 * The three groups as LoRa answers them: only elements overlapping the
 * window (whole, not clipped), consolidated first when asked; lists and
 * groups left empty are omitted, as LoRa omits them.
 */
export function renderLists(lists: Lists, window: Window, consolidated: boolean): Record<string, unknown> {
  const groups: Record<string, unknown> = {};
  for (const group of ['attributter', 'tilstande', 'relationer'] as const) {
    const rendered: Record<string, unknown> = {};
    for (const [name, elements] of Object.entries(lists[group])) {
      const shown = (consolidated ? consolidate(elements) : elements).filter((element) => inWindow(element, window));
      if (shown.length > 0) rendered[name] = shown.map(renderers[group]);
    }
    if (Object.keys(rendered).length > 0) groups[group] = rendered;
  }
  return groups;
}
