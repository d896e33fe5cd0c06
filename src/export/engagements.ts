import type { Snapshot } from '../snapshot.js';
import { compareCodePoints } from '../util/order.js';
import type { Row } from './columns.js';
import type { ExportOptions } from './options.js';
import type { UnitScope } from './units.js';
import { dayOf, startDay, versionInUse } from './validity.js';
import type { Warning } from './warnings.js';

type EngagementObject = Snapshot['engagements'][number];
export type EngagementVersion = EngagementObject['validities'][number];

/** An engagement that goes into engagement.csv, with the version the export uses. */
export interface ExportedEngagement {
  uuid: string;
  person: string;
  /** The unit itself, or its nearest exported ancestor. */
  unit: string;
  phase: 'active' | 'future';
  version: EngagementVersion;
  /** The first start date over the engagement's whole history (when fetched), else the version's own start. */
  firstStart: string;
}

/** What engagements are checked against: units in scope, and the persons and job functions MO has. */
export interface EngagementContext {
  scope: UnitScope;
  knownPersons: ReadonlySet<string>;
  knownJobFunctions: ReadonlySet<string>;
}

/**
 * Engagements with an active or future version, of an allowed type, in a
 * unit of the scope; those in a unit that is not exported are attributed to
 * the nearest exported ancestor (or skipped, as the setting says).
 */
export function exportedEngagements(
  engagements: Snapshot['engagements'],
  context: EngagementContext,
  options: ExportOptions,
  today: string,
  warnings: Warning[],
): ExportedEngagement[] {
  const allowed = new Set(options.allowedEngagementTypes);
  const exported: ExportedEngagement[] = [];
  for (const engagement of engagements) {
    const used = versionInUse(engagement.validities, today);
    if (!used || !allowed.has(used.version.engagement_type_response.uuid)) continue;
    const unit = used.version.org_unit_response.uuid;
    const ancestor = context.scope.exportedAncestor.get(unit);
    if (ancestor === undefined) continue;
    const person = used.version.person_response.uuid;
    if (!context.knownPersons.has(person)) {
      warnings.push({ kind: 'engagement-unknown-person', subject: engagement.uuid });
      continue;
    }
    if (!context.knownJobFunctions.has(used.version.job_function_response.uuid)) {
      warnings.push({ kind: 'engagement-unknown-job-function', subject: engagement.uuid });
      continue;
    }
    if (ancestor !== unit) {
      if (options.excludedUnitEngagements === 'skip') {
        warnings.push({ kind: 'engagement-in-excluded-unit-skipped', subject: engagement.uuid });
        continue;
      }
      warnings.push({ kind: 'engagement-moved-to-ancestor', subject: engagement.uuid });
    }
    exported.push({ uuid: engagement.uuid, person, unit: ancestor, ...used, firstStart: firstStartOf(engagement, used.version) });
  }
  return exported;
}

function firstStartOf(engagement: EngagementObject, used: EngagementVersion): string {
  let first = startDay(used);
  for (const { validity } of engagement.history ?? []) {
    const day = dayOf(validity.from);
    if (day < first) first = day;
  }
  return first;
}

/**
 * The engagement whose title is the person's Stilling: a primary one if
 * any; among several (or none), active before future, then the earliest
 * start of the version used, then the lowest UUID.
 */
export function primaryEngagement(engagements: readonly ExportedEngagement[]): ExportedEngagement | undefined {
  const primaries = engagements.filter((e) => e.version.is_primary);
  const pool = primaries.length > 0 ? primaries : engagements;
  return [...pool].sort(
    (a, b) =>
      Number(a.phase === 'future') - Number(b.phase === 'future') ||
      compareCodePoints(startDay(a.version), startDay(b.version)) ||
      compareCodePoints(a.uuid, b.uuid),
  )[0];
}

/** engagement.csv rows, by BrugerId, then EngagementId. */
export function engagementRows(engagements: readonly ExportedEngagement[], options: ExportOptions): Row<'engagement'>[] {
  return engagements
    .map((e) => ({
      EngagementId: e.uuid,
      BrugerId: e.person,
      AfdelingsId: e.unit,
      AktivStatus: e.phase === 'active' ? '1' : '0',
      StillingskodeId: e.version.job_function_response.uuid,
      Primær: e.version.is_primary ? '1' : '0',
      Engagementstype: e.version.engagement_type_response.current?.name ?? '',
      StartdatoEngagement: options.startDate === 'earliest' ? e.firstStart : e.phase === 'future' ? startDay(e.version) : '',
    }))
    .sort((a, b) => compareCodePoints(a.BrugerId, b.BrugerId) || compareCodePoints(a.EngagementId, b.EngagementId));
}
