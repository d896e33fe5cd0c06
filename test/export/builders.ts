import { buildExport } from '../../src/export/build.js';
import type { ExportOptions } from '../../src/export/options.js';
import { presets } from '../../src/settings/presets.js';
import type { Snapshot } from '../../src/snapshot.js';

/** Readable UUIDs: kind letter (hex) and a number, e.g. uuid('a', 1) = a0000000-0000-4000-8000-000000000001. */
export const uuid = (kind: string, n: number) => `${kind}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const today = '2026-11-26';

/** The UUIDs of unit, person and engagement number n, as unit(n), person(n) and engagement(n) give them. */
export const u = (n: number) => uuid('1', n);
export const p = (n: number) => uuid('2', n);
export const e = (n: number) => uuid('3', n);

type Span = { from?: string | null; to?: string | null };
const midnight = (day: string | null | undefined) => (day ? `${day}T00:00:00+01:00` : null);
const validity = ({ from = '2020-01-01', to = null }: Span) => ({ from: midnight(from) ?? '', to: midnight(to) });

type Unit = Snapshot['units'][number];
type UnitVersion = Unit['validities'][number];
type UnitAddress = UnitVersion['addresses_response']['objects'][number];

export type Dar = { road_name: string; house_number: string; floor: string | null; door: string | null; zip_code: string; zip_code_name: string };

type DarAnswer = Snapshot['darAddresses'][number];

/** What MO answers for each unit address built here (the DAR step's part of the snapshot); snapshot() collects them. */
const darAnswers = new WeakMap<UnitAddress, DarAnswer | 'unresolved'>();

/**
 * A unit's DAR address as the Units walk answers it (uuid, value, validity),
 * and MO's answer for it, which snapshot() puts in `darAddresses`: its text
 * and structured fields, or, with `unresolved`, in `unresolvedDar`.
 */
export function unitAddress(n: number, fields: { name?: string | null; dar?: Dar; unresolved?: boolean } & Span = {}): UnitAddress {
  const address: UnitAddress = { uuid: uuid('4', n), validities: [{ value: uuid('d', n), validity: validity(fields) }] };
  const resolve = fields.dar ? { __typename: 'DARAddress' as const, ...fields.dar } : { __typename: 'DefaultAddress' as const };
  darAnswers.set(
    address,
    fields.unresolved ? 'unresolved' : { uuid: address.uuid, validities: [{ name: fields.name ?? null, validity: validity(fields), resolve }] },
  );
  return address;
}

/** The DAR step's part of a snapshot of these units: MO's answers for their addresses built by unitAddress. */
function darPartOf(units: readonly Unit[]): Pick<Snapshot, 'darAddresses' | 'unresolvedDar'> {
  const addresses = new Map(units.flatMap((u) => u.validities.flatMap((v) => v.addresses_response.objects)).map((a) => [a.uuid, a]));
  const part: Pick<Snapshot, 'darAddresses' | 'unresolvedDar'> = { darAddresses: [], unresolvedDar: [] };
  for (const address of [...addresses.values()].sort((a, b) => (a.uuid < b.uuid ? -1 : 1))) {
    const answer = darAnswers.get(address);
    if (answer === 'unresolved') part.unresolvedDar.push({ uuid: address.uuid });
    else if (answer) part.darAddresses.push(answer);
  }
  return part;
}

export function unit(n: number, name: string, parent: number | null, fields: { level?: string; addresses?: UnitAddress[] } & Span = {}): Unit {
  return {
    uuid: uuid('1', n),
    validities: [
      {
        name,
        validity: validity(fields),
        parent_response: parent === null ? null : { uuid: uuid('1', parent) },
        unit_level_response: fields.level ? { uuid: uuid('c', 900), current: { name: fields.level, scope: null } } : null,
        addresses_response: { objects: fields.addresses ?? [] },
      },
    ],
  };
}

type Person = Snapshot['persons'][number];
type PersonAddress = Person['validities'][number]['addresses_response']['objects'][number];

export const emailType = uuid('c', 101);
export const workEmailType = uuid('c', 102);
export const mobileType = uuid('c', 111);
export const phoneType = uuid('c', 112);
const scopeOfType: Record<string, string> = { [emailType]: 'EMAIL', [workEmailType]: 'EMAIL', [mobileType]: 'PHONE', [phoneType]: 'PHONE' };

export function address(n: number, type: string, value: string, fields: { visibility?: string | null } & Span = {}): PersonAddress {
  const visibility = fields.visibility ?? null;
  return {
    uuid: uuid('4', n),
    validities: [
      {
        value,
        validity: validity(fields),
        address_type_response: { uuid: type, current: { name: type, scope: scopeOfType[type] ?? 'TEXT' } },
        visibility_response: visibility === null ? null : { uuid: uuid('c', 120), current: { name: visibility, scope: visibility } },
      },
    ],
  };
}

export function person(n: number, name: string, fields: { cpr?: string | null; addresses?: PersonAddress[] } & Span = {}): Person {
  return {
    uuid: uuid('2', n),
    validities: [
      {
        cpr_number: fields.cpr === undefined ? `01018${String(n).padStart(5, '0')}` : fields.cpr,
        name,
        validity: validity({ from: fields.from ?? '1960-01-01', to: fields.to ?? null }),
        addresses_response: { objects: fields.addresses ?? [] },
      },
    ],
  };
}

type Engagement = Snapshot['engagements'][number];
type EngagementVersion = Engagement['validities'][number];

export const monthly = uuid('c', 201);
export const hourly = uuid('c', 202);
export const volunteer = uuid('c', 203);
const typeNames: Record<string, string> = { [monthly]: 'Månedsløn', [hourly]: 'Timeløn', [volunteer]: 'Frivillig' };

export interface EngagementFields extends Span {
  person: number;
  unit: number;
  jobFunction?: number;
  type?: string;
  primary?: boolean;
  extensions?: Partial<Record<`extension_${number}`, string | null>>;
}

export function engagementVersion(fields: EngagementFields): EngagementVersion {
  const extensions = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`extension_${i + 1}`, fields.extensions?.[`extension_${i + 1}`] ?? null]));
  const type = fields.type ?? monthly;
  return {
    is_primary: fields.primary ?? false,
    validity: validity(fields),
    ...(extensions as Pick<EngagementVersion, `extension_${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}`>),
    job_function_response: { uuid: uuid('c', 300 + (fields.jobFunction ?? 1)) },
    engagement_type_response: { uuid: type, current: { name: typeNames[type] ?? '', scope: null } },
    org_unit_response: { uuid: uuid('1', fields.unit) },
    person_response: { uuid: uuid('2', fields.person) },
  };
}

export function engagement(n: number, ...versions: EngagementFields[]): Engagement {
  return { uuid: uuid('3', n), validities: versions.map(engagementVersion) };
}

export function jobFunction(n: number, name: string): Snapshot['jobFunctions'][number] {
  return { uuid: uuid('c', 300 + n), validities: [{ name, validity: { from: null, to: null } }] };
}

type Manager = Snapshot['managers'][number];

export function manager(n: number, unitN: number, personN: number | null, responsibilities: string[] = [], span: Span = {}): Manager {
  return {
    uuid: uuid('5', n),
    validities: [
      {
        validity: validity(span),
        person_response: personN === null ? null : { uuid: uuid('2', personN) },
        org_unit_response: { uuid: uuid('1', unitN) },
        responsibilities_response: { objects: responsibilities.map((name, i) => ({ uuid: uuid('c', 400 + i), current: { name, scope: null } })) },
      },
    ],
  };
}

export function snapshot(parts: Partial<Snapshot>): Snapshot {
  const units = parts.units ?? [unit(1, 'Root', null)];
  const dar = darPartOf(units);
  return {
    units,
    persons: parts.persons ?? [],
    engagements: parts.engagements ?? [],
    managers: parts.managers ?? [],
    jobFunctions: parts.jobFunctions ?? [jobFunction(1, 'Pædagog'), jobFunction(2, 'Lærer'), jobFunction(3, 'Sygeplejerske')],
    darAddresses: parts.darAddresses ?? dar.darAddresses,
    unresolvedDar: parts.unresolvedDar ?? dar.unresolvedDar,
  };
}

/** Export options as the standard variant presets them, under unit 1, for monthly and hourly engagements. */
export function options(overrides: Partial<ExportOptions> = {}): ExportOptions {
  return {
    rootUnit: uuid('1', 1),
    allowedEngagementTypes: [monthly, hourly],
    tooDeep: ['NY1-niveau'],
    emailPriority: [],
    phonePriority: [],
    ...presets.standard,
    ...overrides,
  };
}

/** buildExport over a snapshot of `parts`, with the standard options and `overrides`, on `today`. */
export function run(parts: Partial<Snapshot>, overrides: Partial<ExportOptions> = {}) {
  return buildExport(snapshot(parts), options(overrides), today);
}
