/**
 * Checks stricter than the dataset loader's, which a generated municipality
 * must pass: every reference holds over the whole validity of the version
 * that makes it, the unit tree has one root and no cycle on any day, one DAR
 * UUID always resolves alike, and CPR numbers start with a real date.
 */
import type { Dataset, Day, Temporal, Validity } from '../../src/dataset/format.js';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function integrityProblems(dataset: Dataset): string[] {
  return [
    ...identityProblems(dataset),
    ...versionOrderProblems(dataset),
    ...lifetimeProblems(dataset),
    ...treeProblems(dataset),
    ...darProblems(dataset),
    ...cprProblems(dataset),
  ];
}

function allTemporal(dataset: Dataset): [string, Temporal<Validity>[]][] {
  return [
    ['units', dataset.units],
    ['persons', dataset.persons],
    ['engagements', dataset.engagements],
    ['addresses', dataset.addresses],
    ['managers', dataset.managers],
  ];
}

function identityProblems(dataset: Dataset): string[] {
  const ids = [
    dataset.organisation,
    ...dataset.facets.map((f) => f.uuid),
    ...dataset.classes.map((c) => c.uuid),
    ...allTemporal(dataset).flatMap(([, items]) => items.map((item) => item.uuid)),
  ];
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const id of ids) {
    if (!uuidV4.test(id)) problems.push(`${id} is not a version 4 UUID`);
    if (seen.has(id)) problems.push(`${id} is used twice`);
    seen.add(id);
  }
  return problems;
}

/** Versions in order of from, each ending before the next starts. */
function versionOrderProblems(dataset: Dataset): string[] {
  return allTemporal(dataset).flatMap(([kind, items]) =>
    items.flatMap((item) =>
      item.versions.flatMap((version, i) => {
        const previous = item.versions[i - 1];
        if (version.to !== null && version.to < version.from) return [`${kind} ${item.uuid}: ends before it starts`];
        if (previous && (previous.to === null || previous.to >= version.from)) return [`${kind} ${item.uuid}: versions overlap or are out of order`];
        return [];
      }),
    ),
  );
}

/** First and last day of an object without gaps, as the generator makes units and persons. */
function lifetimes(items: readonly Temporal<Validity>[]): Map<string, Validity> {
  return new Map(items.map((item) => [item.uuid, { from: item.versions[0]?.from ?? '', to: item.versions.at(-1)?.to ?? null }]));
}

function covers(life: Validity | undefined, version: Validity): boolean {
  if (!life) return false;
  const endsInTime = life.to === null || (version.to !== null && version.to <= life.to);
  return life.from <= version.from && endsInTime;
}

function lifetimeProblems(dataset: Dataset): string[] {
  const units = lifetimes(dataset.units);
  const persons = lifetimes(dataset.persons);
  const problems: string[] = [];
  const check = (what: string, life: Map<string, Validity>, uuid: string | null | undefined, version: Validity): void => {
    if (uuid !== null && uuid !== undefined && !covers(life.get(uuid), version)) {
      problems.push(`${what} ${version.from}..${version.to ?? 'open'} refers to ${uuid}, which does not exist throughout`);
    }
  };
  for (const unit of dataset.units) for (const v of unit.versions) check(`unit ${unit.uuid}`, units, v.parent, v);
  for (const e of dataset.engagements) {
    for (const v of e.versions) {
      check(`engagement ${e.uuid}`, units, v.unit, v);
      check(`engagement ${e.uuid}`, persons, v.person, v);
    }
    if (new Set(e.versions.map((v) => v.person)).size !== 1) problems.push(`engagement ${e.uuid} changes person`);
  }
  for (const a of dataset.addresses) {
    for (const v of a.versions) {
      check(`address ${a.uuid}`, units, v.unit, v);
      check(`address ${a.uuid}`, persons, v.person, v);
    }
  }
  for (const m of dataset.managers) {
    for (const v of m.versions) {
      check(`manager ${m.uuid}`, units, v.unit, v);
      check(`manager ${m.uuid}`, persons, v.person, v);
    }
  }
  return problems;
}

/** Exactly one root, and on the first day of every unit version its ancestors lead to the root. */
function treeProblems(dataset: Dataset): string[] {
  const roots = dataset.units.filter((unit) => unit.versions.some((v) => v.parent === null));
  const problems = roots.length === 1 ? [] : [`${roots.length} roots`];
  const byUuid = new Map(dataset.units.map((unit) => [unit.uuid, unit]));
  const parentOn = (uuid: string, day: Day): string | null | undefined =>
    byUuid.get(uuid)?.versions.find((v) => v.from <= day && (v.to === null || v.to >= day))?.parent;
  for (const unit of dataset.units) {
    for (const version of unit.versions) {
      let current = unit.uuid;
      for (let steps = 0; ; steps++) {
        const parent = parentOn(current, version.from);
        if (parent === null) break;
        if (parent === undefined || steps > dataset.units.length) {
          problems.push(`unit ${unit.uuid} on ${version.from}: no path to the root`);
          break;
        }
        current = parent;
      }
    }
  }
  return problems;
}

/** A DAR UUID is one address: every address version with that value has the same DAR fields. */
function darProblems(dataset: Dataset): string[] {
  const resolved = new Map<string, string>();
  const problems: string[] = [];
  for (const address of dataset.addresses) {
    for (const version of address.versions) {
      if (!version.dar) continue;
      const fields = JSON.stringify(version.dar);
      if ((resolved.get(version.value) ?? fields) !== fields) problems.push(`DAR ${version.value} resolves two ways`);
      resolved.set(version.value, fields);
    }
  }
  return problems;
}

function cprProblems(dataset: Dataset): string[] {
  return dataset.persons.flatMap((person) =>
    person.versions.flatMap(({ cpr }) => {
      if (cpr === null) return [];
      const [day, month] = [Number(cpr.slice(0, 2)), Number(cpr.slice(2, 4))];
      const valid = /^\d{10}$/.test(cpr) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
      return valid ? [] : [`person ${person.uuid}: CPR ${cpr} has no valid date`];
    }),
  );
}
