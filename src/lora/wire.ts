/**
 * LoRa's OIO REST answers as this project reads them, and the checks that
 * turn an untyped JSON answer into them. Only the parts the translation
 * reads are kept: an object's id and, per registration, the three groups
 * of lists whose elements each carry their own `virkning`.
 */

export interface Virkning {
  from: string;
  to: string;
}

/** One value of a list, valid over its `virkning`; its other fields are the value (uuid, urn, objekttype, gyldighed, attributes). */
export interface LoraElement {
  readonly virkning: Virkning;
  readonly [field: string]: unknown;
}

/** A group of lists (attributter, tilstande or relationer) by list name. */
export type LoraGroup = Readonly<Record<string, readonly LoraElement[]>>;

export interface LoraRegistration {
  attributter: LoraGroup;
  tilstande: LoraGroup;
  relationer: LoraGroup;
  /** `tiltidspunkt.tidsstempeldatotid`: "infinity" for the registration in force. */
  registeredUntil: string | null;
}

export interface LoraObject {
  id: string;
  registreringer: LoraRegistration[];
}

export const groupNames = ['attributter', 'tilstande', 'relationer'] as const;
export type GroupName = (typeof groupNames)[number];

/** A LoRa answer that is not of the documented shape; `where` is the JSON path of the first surprise. */
export class ShapeError extends Error {
  constructor(
    readonly where: string,
    readonly expected: string,
  ) {
    super(`${where} is not ${expected}`);
    this.name = 'ShapeError';
  }
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function record(value: unknown, where: string): Json {
  if (!isRecord(value)) throw new ShapeError(where, 'an object');
  return value;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(where, 'a list');
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new ShapeError(where, 'a string');
  return value;
}

function element(value: unknown, where: string): LoraElement {
  const fields = record(value, where);
  const virkning = record(fields['virkning'], `${where}.virkning`);
  text(virkning['from'], `${where}.virkning.from`);
  text(virkning['to'], `${where}.virkning.to`);
  return fields as unknown as LoraElement;
}

/** A group; absent or null groups and lists are empty (LoRa leaves out what an object does not have). */
function group(value: unknown, where: string): LoraGroup {
  if (value === undefined || value === null) return {};
  const lists: Record<string, readonly LoraElement[]> = {};
  for (const [name, elements] of Object.entries(record(value, where))) {
    if (elements === null) continue;
    lists[name] = list(elements, `${where}.${name}`).map((item, i) => element(item, `${where}.${name}[${i}]`));
  }
  return lists;
}

function registration(value: unknown, where: string): LoraRegistration {
  const fields = record(value, where);
  const until = isRecord(fields['tiltidspunkt']) ? fields['tiltidspunkt']['tidsstempeldatotid'] : undefined;
  return {
    attributter: group(fields['attributter'], `${where}.attributter`),
    tilstande: group(fields['tilstande'], `${where}.tilstande`),
    relationer: group(fields['relationer'], `${where}.relationer`),
    registeredUntil: typeof until === 'string' ? until : null,
  };
}

/** `{id, registreringer: [...]}`, checked. */
export function parseLoraObject(value: unknown, where = 'object'): LoraObject {
  const fields = record(value, where);
  return {
    id: text(fields['id'], `${where}.id`),
    registreringer: list(fields['registreringer'], `${where}.registreringer`).map((item, i) => registration(item, `${where}.registreringer[${i}]`)),
  };
}

/** A whole `?list=1` answer: `{"results": [[object, ...]]}`, or `{"results": []}` when nothing matched. */
export function parseListAnswer(value: unknown): LoraObject[] {
  const results = list(record(value, 'the answer')['results'], 'results');
  return results.flatMap((page, p) => list(page, `results[${p}]`).map((item, i) => parseLoraObject(item, `results[${p}][${i}]`)));
}
