import type { Snapshot } from '../snapshot.js';
import { compareCodePoints } from '../util/order.js';
import { activeAddresses, chosenAddress } from './addresses.js';
import type { Row } from './columns.js';
import { primaryEngagement, type ExportedEngagement } from './engagements.js';
import type { ExportOptions } from './options.js';
import { versionInUse } from './validity.js';
import type { Warning } from './warnings.js';

type PersonObject = Snapshot['persons'][number];

/** Engagements grouped by person UUID, keeping the snapshot's order. */
export function engagementsByPerson(engagements: readonly ExportedEngagement[]): Map<string, ExportedEngagement[]> {
  const byPerson = new Map<string, ExportedEngagement[]>();
  for (const engagement of engagements) {
    const list = byPerson.get(engagement.person);
    if (list) list.push(engagement);
    else byPerson.set(engagement.person, [engagement]);
  }
  return byPerson;
}

/**
 * Drops every person who shares a CPR number with a person of a lower UUID
 * (with their engagements), so one CPR gives one bruger.csv row.
 */
export function withoutDuplicateCprs(
  byPerson: Map<string, ExportedEngagement[]>,
  persons: ReadonlyMap<string, PersonObject>,
  today: string,
  warnings: Warning[],
): Map<string, ExportedEngagement[]> {
  const keeperOfCpr = new Map<string, string>();
  for (const uuid of [...byPerson.keys()].sort(compareCodePoints)) {
    const cpr = personVersion(persons.get(uuid), today)?.cpr_number;
    if (!cpr) continue;
    if (keeperOfCpr.has(cpr)) {
      byPerson.delete(uuid);
      warnings.push({ kind: 'duplicate-cpr', subject: uuid });
    } else keeperOfCpr.set(cpr, uuid);
  }
  return byPerson;
}

/** The person's version the export uses: active today, else the earliest future one, else the latest known. */
function personVersion(person: PersonObject | undefined, today: string) {
  if (!person) return undefined;
  return versionInUse(person.validities, today)?.version ?? person.validities[person.validities.length - 1];
}

/** bruger.csv: one row per exported person, by BrugerId. */
export function brugerRows(
  byPerson: ReadonlyMap<string, ExportedEngagement[]>,
  persons: ReadonlyMap<string, PersonObject>,
  jobFunctionNames: ReadonlyMap<string, string>,
  options: ExportOptions,
  today: string,
  warnings: Warning[],
): Row<'bruger'>[] {
  const rows: Row<'bruger'>[] = [];
  for (const [uuid, engagements] of byPerson) {
    const version = personVersion(persons.get(uuid), today);
    if (!version) continue;
    const cpr = cprOf(version.cpr_number, uuid, warnings);
    const addresses = activeAddresses(version.addresses_response.objects, today);
    rows.push({
      BrugerId: uuid,
      CPR: cpr,
      Navn: nameOf(version.name, uuid, warnings),
      'E-mail': chosenAddress(addresses, 'EMAIL', options.emailPriority),
      Mobil: chosenAddress(addresses, 'PHONE', options.phonePriority),
      Stilling: titleOf(primaryEngagement(engagements), jobFunctionNames, options),
    });
  }
  return rows.sort((a, b) => compareCodePoints(a.BrugerId, b.BrugerId));
}

const cprPattern = /^\d{10}$/;

/** The CPR number as written: 10 digits, else empty with a warning (the value itself is never reported). */
function cprOf(cpr: string | null, person: string, warnings: Warning[]): string {
  if (cpr === null || cpr === '') {
    warnings.push({ kind: 'person-without-cpr', subject: person });
    return '';
  }
  if (!cprPattern.test(cpr)) {
    warnings.push({ kind: 'malformed-cpr', subject: person });
    return '';
  }
  return cpr;
}

/** The name as written; none (MO's type says there always is one; LoRa's data may not agree) is empty, with a warning. */
function nameOf(name: string | null | undefined, person: string, warnings: Warning[]): string {
  if (name) return name;
  warnings.push({ kind: 'person-without-name', subject: person });
  return '';
}

function titleOf(engagement: ExportedEngagement | undefined, jobFunctionNames: ReadonlyMap<string, string>, options: ExportOptions): string {
  if (!engagement) return '';
  const extension = engagement.version[options.positionExtensionField];
  return extension ? extension : (jobFunctionNames.get(engagement.version.job_function_response.uuid) ?? '');
}
