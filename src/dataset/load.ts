/**
 * Reads a dataset file (format.ts) and checks it, so that the simulator and
 * the generator's consumers can trust its shape and references. A bad file
 * gives one line naming the file, the object and the problem.
 */
import { readFile } from 'node:fs/promises';
import { isDay } from '../util/days.js';
import { SettingsError } from '../util/errors.js';
import { datasetFormat, type Dataset } from './format.js';

/** A dataset file that does not parse or breaks the format: bad input, exit code 2. */
export class DatasetError extends SettingsError {
  override name = 'DatasetError';
}

export async function loadDataset(file: string): Promise<Dataset> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DatasetError(`dataset ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseDataset(text, file);
}

export function parseDataset(text: string, file: string): Dataset {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DatasetError(`dataset ${file}: not valid JSON (${jsonProblem(error, text)})`);
  }
  const problem = datasetProblems(value).next();
  if (!problem.done) throw new DatasetError(`dataset ${file}: ${problem.value}`);
  return value as Dataset;
}

/**
 * JSON.parse's complaint, on one line and without quoting the file (V8
 * quotes a piece of the text, which may hold newlines or a CPR number), with
 * the line and column when V8 gives a position.
 */
function jsonProblem(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return reason;
  const before = text.slice(0, Number(position)).split('\n');
  return `${reason} at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

type JsonObject = Record<string, unknown>;

const kinds = ['facets', 'classes', 'units', 'persons', 'engagements', 'addresses', 'managers'] as const;
type Kind = (typeof kinds)[number];

/** What references are checked against: the objects of each kind by uuid, and the facets' user_keys. */
interface Index {
  objects: Record<Kind, Map<string, JsonObject>>;
  facetKeys: Set<string>;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isUuid = (value: unknown): value is string => isString(value) && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
const extensionKeys = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
const darStrings = ['road_name', 'house_number', 'zip_code', 'zip_code_name'];
const darOptionalStrings = ['floor', 'door'];

/** The value types of fields: a test, and how a message names what was expected. */
const types = {
  string: { test: isString, expected: 'a string' },
  uuid: { test: isUuid, expected: 'a UUID' },
  uuids: { test: (v: unknown) => Array.isArray(v) && v.every(isUuid), expected: 'a list of UUIDs' },
  day: { test: (v: unknown) => isString(v) && isDay(v), expected: 'a day (YYYY-MM-DD)' },
  cpr: { test: (v: unknown) => isString(v) && /^\d{10}$/.test(v), expected: '10 digits' },
  extensions: {
    test: (v: unknown) => isObject(v) && Object.entries(v).every(([key, text]) => extensionKeys.has(key) && isString(text)),
    expected: 'an object of strings under the keys "1" to "10"',
  },
  dar: {
    test: (v: unknown) => isObject(v) && darStrings.every((key) => isString(v[key])) && darOptionalStrings.every((key) => v[key] === null || isString(v[key])),
    expected: `DAR fields (${darStrings.join(', ')} strings; ${darOptionalStrings.join(', ')} strings or null)`,
  },
} as const;

/** What is wrong with a reference (the words after the field's name), or undefined. */
type Reference = (uuid: string, index: Index) => string | undefined;

interface Field {
  type: keyof typeof types;
  nullable?: boolean;
  optional?: boolean;
  /** For uuid fields (each element of a uuids field): what the uuid must name. */
  refers?: Reference;
}

const objectOf =
  (kind: 'units' | 'persons', noun: string): Reference =>
  (uuid, index) =>
    index.objects[kind].has(uuid) ? undefined : `${uuid} is not a ${noun} in the dataset`;

/** A class of one of the facets (by user_key), as MO expects it there. */
const classOf =
  (...facets: string[]): Reference =>
  (uuid, index) => {
    const cls = index.objects.classes.get(uuid);
    if (cls === undefined) return `${uuid} is not a class in the dataset`;
    return facets.includes(String(cls.facet)) ? undefined : `${uuid} is a class of facet "${String(cls.facet)}", not ${facets.join(' or ')}`;
  };

const facetKey: Reference = (key, index) => (index.facetKeys.has(key) ? undefined : `"${key}" is not a facet user_key in the dataset`);

const unit = objectOf('units', 'unit');
const person = objectOf('persons', 'person');

/** The fields of facets and classes, and of the versions of the temporal kinds (besides from and to). */
const fields: Record<Kind, Record<string, Field>> = {
  facets: { user_key: { type: 'string' } },
  classes: {
    facet: { type: 'string', refers: facetKey },
    user_key: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string', nullable: true },
  },
  units: {
    name: { type: 'string' },
    user_key: { type: 'string' },
    parent: { type: 'uuid', nullable: true, refers: unit },
    level: { type: 'uuid', nullable: true, refers: classOf('org_unit_level') },
  },
  persons: {
    cpr: { type: 'cpr', nullable: true },
    given_name: { type: 'string' },
    surname: { type: 'string' },
  },
  engagements: {
    user_key: { type: 'string' },
    person: { type: 'uuid', refers: person },
    unit: { type: 'uuid', refers: unit },
    job_function: { type: 'uuid', refers: classOf('engagement_job_function') },
    engagement_type: { type: 'uuid', refers: classOf('engagement_type') },
    primary: { type: 'uuid', nullable: true, refers: classOf('primary_type') },
    extensions: { type: 'extensions', optional: true },
  },
  addresses: {
    person: { type: 'uuid', optional: true, refers: person },
    unit: { type: 'uuid', optional: true, refers: unit },
    address_type: { type: 'uuid', refers: classOf('employee_address_type', 'org_unit_address_type') },
    visibility: { type: 'uuid', nullable: true, refers: classOf('visibility') },
    value: { type: 'string' },
    dar: { type: 'dar', optional: true },
    name: { type: 'string', optional: true },
  },
  managers: {
    person: { type: 'uuid', nullable: true, refers: person },
    unit: { type: 'uuid', refers: unit },
    responsibilities: { type: 'uuids', refers: classOf('responsibility') },
    manager_type: { type: 'uuid', nullable: true, refers: classOf('manager_type') },
    manager_level: { type: 'uuid', nullable: true, refers: classOf('manager_level') },
  },
};

const temporal = new Set<Kind>(['units', 'persons', 'engagements', 'addresses', 'managers']);

/** Checks beyond single fields, for a version of a kind. */
const versionChecks: Partial<Record<Kind, (version: JsonObject, index: Index) => string | undefined>> = {
  addresses: (version, index) => {
    if ((version.person === undefined) === (version.unit === undefined)) return 'must have exactly one of person and unit';
    // As in MO (mora/graphapi/collections/address.py): the text of a DAR address is always DAR's answer.
    const scope = index.objects.classes.get(String(version.address_type))?.scope;
    if (scope === 'DAR' && version.name !== undefined)
      return "name must be left out for a DAR address: MO's text for it is DAR's (from dar, or Ukendt without it)";
    return undefined;
  },
};

function fieldProblem(name: string, value: unknown, field: Field, index: Index): string | undefined {
  if ((value === undefined && field.optional) || (value === null && field.nullable)) return undefined;
  const type = types[field.type];
  if (!type.test(value)) return `${name} must be ${type.expected}${field.nullable ? ' or null' : ''}`;
  const uuids: unknown[] = Array.isArray(value) ? value : [value];
  for (const uuid of uuids) {
    const problem = field.refers?.(String(uuid), index);
    if (problem !== undefined) return `${name} ${problem}`;
  }
  return undefined;
}

function fieldsProblem(object: JsonObject, kind: Kind, index: Index): string | undefined {
  for (const [name, field] of Object.entries(fields[kind])) {
    const problem = fieldProblem(name, object[name], field, index);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const range = (version: JsonObject): string => `${String(version.from)}..${version.to === null ? 'open' : String(version.to)}`;

function* versionProblems(versions: unknown, kind: Kind, index: Index): Generator<string> {
  if (!Array.isArray(versions) || versions.length === 0) {
    yield 'versions must be a non-empty list';
    return;
  }
  for (const [i, version] of versions.entries()) {
    const problem = isObject(version) ? versionProblem(version, kind, index) : 'must be an object';
    if (problem !== undefined) {
      yield `version ${i + 1}: ${problem}`;
      return;
    }
  }
  // Every version is an object with valid days now.
  const byFrom = (versions as JsonObject[])
    .map((version, i) => ({ version, number: i + 1 }))
    .sort((a, b) => (String(a.version.from) < String(b.version.from) ? -1 : 1));
  for (const [i, later] of byFrom.entries()) {
    const earlier = byFrom[i - 1];
    if (earlier !== undefined && (earlier.version.to === null || String(earlier.version.to) >= String(later.version.from))) {
      yield `version ${later.number} overlaps version ${earlier.number} (${range(earlier.version)} and ${range(later.version)})`;
    }
  }
}

function versionProblem(version: JsonObject, kind: Kind, index: Index): string | undefined {
  return (
    fieldProblem('from', version.from, { type: 'day' }, index) ??
    fieldProblem('to', version.to, { type: 'day', nullable: true }, index) ??
    (isString(version.to) && version.to < String(version.from) ? `to ${version.to} is before from ${String(version.from)}` : undefined) ??
    fieldsProblem(version, kind, index) ??
    versionChecks[kind]?.(version, index)
  );
}

interface Entry {
  position: number;
  uuid: string;
  object: JsonObject;
}

/** The elements that are objects with a unique UUID, indexed; yields a problem for each other element. */
function* identityProblems(list: unknown[], kind: Kind, entries: Entry[], objects: Map<string, JsonObject>): Generator<string> {
  const positions = new Map<string, number>();
  for (const [position, object] of list.entries()) {
    if (!isObject(object)) yield `${kind}[${position}] must be an object`;
    else if (!isUuid(object.uuid)) yield `${kind}[${position}]: uuid ${JSON.stringify(object.uuid)} is not a UUID (lowercase 8-4-4-4-12 hex digits)`;
    else if (positions.has(object.uuid)) yield `${kind}[${position}] (uuid ${object.uuid}): uuid already used by ${kind}[${positions.get(object.uuid)}]`;
    else {
      positions.set(object.uuid, position);
      objects.set(object.uuid, object);
      entries.push({ position, uuid: object.uuid, object });
    }
  }
}

/**
 * The problems of a parsed dataset; the caller reports the first. Shape and
 * identities come first (references need every object indexed), then each
 * kind's objects in file order.
 */
function* datasetProblems(root: unknown): Generator<string> {
  if (!isObject(root)) {
    yield 'must be a JSON object';
    return;
  }
  if (root.format !== datasetFormat) yield `format must be "${datasetFormat}"`;
  if (!isString(root.name)) yield 'name must be a string';
  if (!isUuid(root.organisation)) yield 'organisation must be a UUID';
  const missing = kinds.find((kind) => !Array.isArray(root[kind]));
  if (missing !== undefined) {
    yield `${missing} must be an array`;
    return;
  }
  const index: Index = { objects: Object.fromEntries(kinds.map((kind) => [kind, new Map()])) as Index['objects'], facetKeys: new Set() };
  const entries = new Map(kinds.map((kind) => [kind, [] as Entry[]]));
  for (const kind of kinds) yield* identityProblems(root[kind] as unknown[], kind, entries.get(kind) ?? [], index.objects[kind]);
  for (const facet of index.objects.facets.values()) if (isString(facet.user_key)) index.facetKeys.add(facet.user_key);
  for (const kind of kinds) {
    for (const { position, uuid, object } of entries.get(kind) ?? []) {
      const problems = temporal.has(kind) ? versionProblems(object.versions, kind, index) : [fieldsProblem(object, kind, index)];
      for (const problem of problems) if (problem !== undefined) yield `${kind}[${position}] (uuid ${uuid}): ${problem}`;
    }
  }
}
