import type { Snapshot } from '../snapshot.js';
import { compareCodePoints } from '../util/order.js';
import type { Row } from './columns.js';
import type { ExportOptions } from './options.js';
import { activeVersion } from './validity.js';
import type { Warning } from './warnings.js';

type ManagerVersion = Snapshot['managers'][number]['validities'][number];

/**
 * leder.csv: one row per manager role active today in an exported unit,
 * whose person is in bruger.csv; by AfdelingsID, then BrugerId.
 */
export function lederRows(
  managers: Snapshot['managers'],
  exportedUnits: ReadonlySet<string>,
  exportedPersons: ReadonlySet<string>,
  options: ExportOptions,
  today: string,
  warnings: Warning[],
): Row<'leder'>[] {
  const rows: Row<'leder'>[] = [];
  for (const manager of managers) {
    const version = activeVersion(manager.validities, today);
    if (!version || !exportedUnits.has(version.org_unit_response.uuid)) continue;
    const person = version.person_response?.uuid;
    if (!person) {
      warnings.push({ kind: 'manager-vacant', subject: manager.uuid });
      continue;
    }
    if (!exportedPersons.has(person)) {
      warnings.push({ kind: 'manager-person-not-exported', subject: manager.uuid });
      continue;
    }
    rows.push({
      BrugerId: person,
      AfdelingsID: version.org_unit_response.uuid,
      AktivStatus: '1',
      Titel: titleOf(version, options.managerResponsibility),
      OrganisationsfunktionsUUID: manager.uuid,
    });
  }
  return rows.sort(
    (a, b) =>
      compareCodePoints(a.AfdelingsID, b.AfdelingsID) ||
      compareCodePoints(a.BrugerId, b.BrugerId) ||
      compareCodePoints(a.OrganisationsfunktionsUUID, b.OrganisationsfunktionsUUID),
  );
}

/** The responsibility names joined by ", " in name order; the preferred one alone when the manager has it. */
function titleOf(version: ManagerVersion, preferred: string | null): string {
  const names = version.responsibilities_response.objects.map((r) => r.current?.name ?? '').filter((name) => name !== '');
  if (preferred !== null && names.includes(preferred)) return preferred;
  return names.sort(compareCodePoints).join(', ');
}
