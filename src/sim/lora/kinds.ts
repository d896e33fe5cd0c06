/**
 * One kind of LoRa object over its sources, behind a face that does not
 * depend on the kind's data type: LoRa's search (which objects match) and
 * its list (an object's lists within a window).
 */
import { memo } from '../memo.js';
import type { Window } from '../window.js';
import { inWindow, renderLists, type Element } from './elements.js';
import { encode, propertyElements, stateElementsOf, type KindSpec } from './encode.js';
import type { Source } from './timeline.js';

/** LoRa's search criteria on an object. */
export interface Criteria {
  /** ILIKE patterns on the properties list's fields, e.g. { brugervendtnoegle: "%" }; one element must meet all. */
  properties: Readonly<Record<string, string>>;
  /** A state value, e.g. "Aktiv", that some state element in the window must have; null for any. */
  state: string | null;
}

export interface LoraKind {
  /** Ordered by uuid. */
  uuids(): readonly string[];
  has(uuid: string): boolean;
  /** False when no object of the kind can meet the criteria (they contradict its constants, e.g. funktionsnavn). */
  mayMatch(criteria: Criteria): boolean;
  /**
   * Whether the object meets the criteria within the window, as LoRa's
   * search: a property criterion needs a properties element overlapping the
   * window, a state criterion a state element. Without criteria: whether
   * any element overlaps the window (the state list covers all the others).
   */
  matches(uuid: string, criteria: Criteria, window: Window): boolean;
  /** The object's attributter, tilstande and relationer within the window. */
  lists(uuid: string, window: Window, consolidated: boolean): Record<string, unknown>;
}

const likePatterns = memo<RegExp>(64);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const wildcards: Readonly<Record<string, string>> = { '%': '[\\s\\S]*', _: '[\\s\\S]' };

/** A LIKE pattern as a regular expression: % any text, _ one character, \ escapes the next. */
function likeRegExp(pattern: string): RegExp {
  const characters = Array.from(pattern);
  let body = '';
  for (let i = 0; i < characters.length; i++) {
    const character = characters[i] ?? '';
    const next = characters[i + 1];
    if (character === '\\' && next !== undefined) {
      body += escapeRegExp(next);
      i++;
    } else {
      body += wildcards[character] ?? escapeRegExp(character);
    }
  }
  return new RegExp(`^${body}$`, 'iu');
}

/** PostgreSQL's ILIKE, which LoRa's search uses for attributes. */
export const ilike = (pattern: string, text: string): boolean => likePatterns(pattern, () => likeRegExp(pattern)).test(text);

const meetsProperties = (element: Element, properties: Readonly<Record<string, string>>): boolean =>
  Object.entries(properties).every(([field, pattern]) => {
    const value = element.value[field];
    return value !== undefined && ilike(pattern, value);
  });

export function loraKind<T>(spec: KindSpec<T>, sources: { sorted: readonly Source<T>[]; byUuid: ReadonlyMap<string, Source<T>> }): LoraKind {
  let uuids: readonly string[] | undefined;
  const sourceOf = (uuid: string): Source<T> => {
    const source = sources.byUuid.get(uuid);
    if (source === undefined) throw new Error(`no LoRa object ${uuid}`);
    return source;
  };
  return {
    uuids: () => (uuids ??= sources.sorted.map((source) => source.uuid)),
    has: (uuid) => sources.byUuid.has(uuid),
    mayMatch: (criteria) =>
      Object.entries(criteria.properties).every(([field, pattern]) => {
        const constant = spec.constants[field];
        return constant === undefined || ilike(pattern, constant);
      }),
    matches(uuid, criteria, window) {
      const source = sourceOf(uuid);
      const hasProperties = Object.keys(criteria.properties).length > 0;
      const meets = (element: Element): boolean => inWindow(element, window) && meetsProperties(element, criteria.properties);
      if (hasProperties && !propertyElements(spec, source).some(meets)) return false;
      const wanted = criteria.state;
      return stateElementsOf(spec, source).some((element) => inWindow(element, window) && (wanted === null || element.value[spec.state.field] === wanted));
    },
    lists: (uuid, window, consolidated) => renderLists(encode(spec, sourceOf(uuid)), window, consolidated),
  };
}
