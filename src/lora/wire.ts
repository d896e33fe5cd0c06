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

/**
 * Where the check is in the answer, as a JSON path (`results[0][3].id`).
 * Its steps are pushed and popped as the check walks the answer and the
 * path is written out only for an error: an answer holds hundreds of
 * thousands of elements, and a path string for each cost more than the
 * parsing.
 */
class Path {
  private readonly steps: (string | number)[] = [];

  constructor(private readonly root: string) {}

  /** The path one step further, for the checks of what is there. */
  enter(step: string | number): this {
    this.steps.push(step);
    return this;
  }

  /** Back to where the path was before the last enter. */
  leave(): void {
    this.steps.pop();
  }

  /** The error for a value here (or at `step` below here) that is not what was expected. */
  error(expected: string, step?: string): ShapeError {
    const steps = step === undefined ? this.steps : [...this.steps, step];
    return new ShapeError(this.root + steps.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join(''), expected);
  }
}

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function record(value: unknown, path: Path, step?: string): Json {
  if (!isRecord(value)) throw path.error('an object', step);
  return value;
}

function list(value: unknown, path: Path, step?: string): unknown[] {
  if (!Array.isArray(value)) throw path.error('a list', step);
  return value;
}

function text(value: unknown, path: Path, step?: string): string {
  if (typeof value !== 'string') throw path.error('a string', step);
  return value;
}

/** Each item of a list checked by `check`, with the path at the item. */
function eachOf<T>(items: readonly unknown[], path: Path, check: (item: unknown, path: Path) => T): T[] {
  return items.map((item, i) => {
    const checked = check(item, path.enter(i));
    path.leave();
    return checked;
  });
}

function element(value: unknown, path: Path): LoraElement {
  const fields = record(value, path);
  const virkning = record(fields['virkning'], path, 'virkning');
  path.enter('virkning');
  text(virkning['from'], path, 'from');
  text(virkning['to'], path, 'to');
  path.leave();
  return fields as unknown as LoraElement;
}

/** A group; absent or null groups and lists are empty (LoRa leaves out what an object does not have). */
function group(value: unknown, path: Path, name: string): LoraGroup {
  if (value === undefined || value === null) return {};
  const fields = record(value, path, name);
  const lists: Record<string, readonly LoraElement[]> = {};
  path.enter(name);
  for (const listName in fields) {
    const elements = fields[listName];
    if (elements === null) continue;
    lists[listName] = eachOf(list(elements, path, listName), path.enter(listName), element);
    path.leave();
  }
  path.leave();
  return lists;
}

function registration(value: unknown, path: Path): LoraRegistration {
  const fields = record(value, path);
  const until = isRecord(fields['tiltidspunkt']) ? fields['tiltidspunkt']['tidsstempeldatotid'] : undefined;
  return {
    attributter: group(fields['attributter'], path, 'attributter'),
    tilstande: group(fields['tilstande'], path, 'tilstande'),
    relationer: group(fields['relationer'], path, 'relationer'),
    registeredUntil: typeof until === 'string' ? until : null,
  };
}

function loraObject(value: unknown, path: Path): LoraObject {
  const fields = record(value, path);
  const id = text(fields['id'], path, 'id');
  const registrations = list(fields['registreringer'], path, 'registreringer');
  const registreringer = eachOf(registrations, path.enter('registreringer'), registration);
  path.leave();
  return { id, registreringer };
}

/** `{id, registreringer: [...]}`, checked. */
export function parseLoraObject(value: unknown, where = 'object'): LoraObject {
  return loraObject(value, new Path(where));
}

/** The objects of a whole `?list=1` answer, each checked and handed to `take` in turn; optionally letting go of each as it is handed over. */
function eachListed(value: unknown, take: (object: LoraObject) => void, letGo: boolean): number {
  const results = list(record(value, new Path('the answer'))['results'], new Path('results'));
  const path = new Path('results');
  let count = 0;
  for (let p = 0; p < results.length; p++) {
    const items = list(results[p], path.enter(p));
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (letGo) items[i] = null;
      take(loraObject(item, path.enter(i)));
      path.leave();
      count++;
    }
    path.leave();
  }
  return count;
}

/** A whole `?list=1` answer: `{"results": [[object, ...]]}`, or `{"results": []}` when nothing matched. */
export function parseListAnswer(value: unknown): LoraObject[] {
  const objects: LoraObject[] = [];
  eachListed(value, (object) => objects.push(object), false);
  return objects;
}

/**
 * The objects of a whole `?list=1` answer that nothing else holds (as
 * parseListAnswer), each checked and handed to `take` in turn; how many
 * there were. The answer lets go of each object as it hands it over
 * (emptying its lists): a page parsed whole is megabytes, and held until
 * its last object is read it outlives the young generation, so that the
 * process's heap grows to several times the snapshot's size.
 */
export function drainListAnswer(answer: unknown, take: (object: LoraObject) => void): number {
  return eachListed(answer, take, true);
}
