import type { Snapshot } from '../snapshot.js';
import { compareCodePoints } from '../util/order.js';
import type { Row, Rows } from './columns.js';
import { sanitizedRows } from './sanitize.js';
import { engagementRows, exportedEngagements } from './engagements.js';
import type { ExportOptions } from './options.js';
import { brugerRows, engagementsByPerson, withoutDuplicateCprs } from './persons.js';
import { lederRows } from './managers.js';
import { darIndexOf, organisationRows, unitScope } from './units.js';
import { versionInUse } from './validity.js';
import type { Warning } from './warnings.js';

export interface Export {
  rows: Rows;
  warnings: Warning[];
}

/**
 * The whole contract as one pure function: the five files' rows, and what
 * was noticed on the way, from a snapshot, the settings and the day.
 * Linear in the data: every object is indexed by UUID once.
 */
export function buildExport(received: Snapshot, options: ExportOptions, today: string): Export {
  const warnings: Warning[] = [];
  const snapshot = withoutDuplicates(received, warnings);
  const scope = unitScope(snapshot.units, options, today, warnings);
  const persons = new Map(snapshot.persons.map((person) => [person.uuid, person]));
  const jobFunctionNames = jobFunctionNamesOf(snapshot.jobFunctions, today);

  const candidates = exportedEngagements(
    snapshot.engagements,
    { scope, knownPersons: new Set(persons.keys()), knownJobFunctions: new Set(jobFunctionNames.keys()) },
    options,
    today,
    warnings,
  );
  const byPerson = withoutDuplicateCprs(engagementsByPerson(candidates), persons, today, warnings);
  const engagements = [...byPerson.values()].flat();
  const bruger = brugerRows(byPerson, persons, jobFunctionNames, options, today, warnings);
  const engagement = engagementRows(engagements, options);
  const exportedUnits = new Set(scope.exported.map((unit) => unit.uuid));

  const rows: Rows = {
    bruger,
    organisation: organisationRows(scope, darIndexOf(snapshot), today, warnings),
    engagement,
    stillingskode: stillingskodeRows(engagement, jobFunctionNames),
    leder: lederRows(snapshot.managers, exportedUnits, new Set(byPerson.keys()), options, today, warnings),
  };
  return { rows: sanitizedRows(rows, options.csvEncoding, warnings), warnings };
}

/** The snapshot with each object once (MO may answer an object on two pages); the first answer is kept. */
function withoutDuplicates(snapshot: Snapshot, warnings: Warning[]): Snapshot {
  const unique = <T extends { uuid: string }>(objects: T[]): T[] => {
    const seen = new Set<string>();
    const kept = objects.filter((object) => {
      if (!seen.has(object.uuid)) return seen.add(object.uuid);
      warnings.push({ kind: 'duplicate-object', subject: object.uuid });
      return false;
    });
    return kept.length === objects.length ? objects : kept;
  };
  return {
    units: unique(snapshot.units),
    persons: unique(snapshot.persons),
    engagements: unique(snapshot.engagements),
    managers: unique(snapshot.managers),
    jobFunctions: unique(snapshot.jobFunctions),
    darAddresses: unique(snapshot.darAddresses),
    unresolvedDar: snapshot.unresolvedDar,
  };
}

/** Job-function class UUID → its name (the version in use, else the latest). */
function jobFunctionNamesOf(classes: Snapshot['jobFunctions'], today: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const jobFunction of classes) {
    const version = versionInUse(jobFunction.validities, today)?.version ?? jobFunction.validities[jobFunction.validities.length - 1];
    if (version) names.set(jobFunction.uuid, version.name);
  }
  return names;
}

/** stillingskode.csv: exactly the job functions engagement.csv references, by name, then UUID. */
function stillingskodeRows(engagements: readonly Row<'engagement'>[], names: ReadonlyMap<string, string>): Row<'stillingskode'>[] {
  const used = new Set(engagements.map((row) => row.StillingskodeId));
  return [...used]
    .map((uuid) => ({ StillingskodeID: uuid, AktivStatus: '1', Stillingskode: names.get(uuid) ?? '', 'Stillingskode#': uuid }))
    .sort((a, b) => compareCodePoints(a.Stillingskode, b.Stillingskode) || compareCodePoints(a.StillingskodeID, b.StillingskodeID));
}
