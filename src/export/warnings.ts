/**
 * What the export noticed but did not stop for. Each kind is counted in the
 * summary; `subject` is a UUID (never a CPR number) shown at --verbose.
 */
export const warningKinds = {
  'person-without-cpr': 'persons exported with an empty CPR',
  'malformed-cpr': 'persons whose CPR number is not 10 digits, exported with an empty CPR',
  'duplicate-cpr': 'persons left out because another person has the same CPR',
  'engagement-moved-to-ancestor': 'engagements in a unit not exported, attributed to its nearest exported ancestor',
  'engagement-in-excluded-unit-skipped': 'engagements in a unit not exported, skipped',
  'engagement-unknown-person': 'engagements whose person MO does not have',
  'engagement-unknown-job-function': 'engagements whose job function is not a job-function class',
  'manager-vacant': 'vacant manager roles skipped',
  'manager-person-not-exported': 'manager roles skipped because their person is not in bruger.csv',
  'dar-address-unresolved': 'units whose DAR address MO could not resolve (Ukendt: retired in DAR?), exported without Gade, Postnr and By',
  'duplicate-object': 'objects MO answered twice (the first kept)',
  'control-characters-replaced': 'values with line breaks or control characters, replaced by spaces',
  'long-value-cut': `values longer than 500 characters, cut`,
  'unencodable-character-replaced': 'values with characters windows-1252 cannot hold, replaced by their base letter (Ł → L) or ?',
  'unit-parent-loop': 'loops of units whose parent chain comes back to itself, left out with the units below them',
  'person-without-name': 'persons exported with an empty Navn',
} as const;

export type WarningKind = keyof typeof warningKinds;

export interface Warning {
  kind: WarningKind;
  subject: string;
}

/** Warnings counted by kind, in the table's order, leaving out kinds with none. */
export function countWarnings(warnings: readonly Warning[]): [WarningKind, number][] {
  const counts = new Map<WarningKind, number>();
  for (const warning of warnings) counts.set(warning.kind, (counts.get(warning.kind) ?? 0) + 1);
  return (Object.keys(warningKinds) as WarningKind[]).filter((kind) => counts.has(kind)).map((kind) => [kind, counts.get(kind) ?? 0]);
}
