import type { DarAnswer, Snapshot } from '../snapshot.js';
import { cachedValue } from '../util/cached-value.js';
import { P2lError } from '../util/errors.js';
import { compareCodePoints } from '../util/order.js';
import { activeAddresses, noAddress, postalAddressOf, type PostalAddress } from './addresses.js';
import type { Row } from './columns.js';
import type { ExportOptions } from './options.js';
import { activeVersion } from './validity.js';
import type { Warning } from './warnings.js';

type UnitVersion = Snapshot['units'][number]['validities'][number];

export interface UnitScope {
  /** Every unit in scope (the root and its descendants active today) → its nearest exported ancestor-or-self. */
  exportedAncestor: Map<string, string>;
  /** Exported units in pre-order from the root, siblings by name, then UUID. */
  exported: { uuid: string; version: UnitVersion; parent: string }[];
}

/**
 * The unit tree as it stands today under the root, and which of its units
 * are exported: all but those whose level is listed as too deep (the root
 * always is). Each unit's Parentid is its nearest exported ancestor.
 */
export function unitScope(units: Snapshot['units'], options: ExportOptions, today: string, warnings: Warning[]): UnitScope {
  const active = new Map<string, UnitVersion>();
  const children = new Map<string, string[]>();
  for (const unit of units) {
    const version = activeVersion(unit.validities, today);
    if (!version) continue;
    active.set(unit.uuid, version);
    const parent = version.parent_response?.uuid;
    if (parent) cachedValue(children, parent, () => []).push(unit.uuid);
  }
  const rootVersion = active.get(options.rootUnit);
  if (!rootVersion) {
    throw new P2lError(`root unit ${options.rootUnit} does not exist in MO or is not active on ${today}: check exporters.plan2learn.root_unit`, 2);
  }
  // A unit in a loop, and every unit below it, is never reached from the
  // root, so it is out of scope already; the loop is only reported.
  for (const loop of parentLoops(active, options.rootUnit)) warnings.push({ kind: 'unit-parent-loop', subject: loop.join(' ') });
  const tooDeep = new Set<string | undefined>(options.tooDeep);

  // Walk the tree below the root (an explicit stack, as trees can be deep; the
  // map doubles as the guard against cycles), noting each unit's nearest
  // exported ancestor-or-self and the exported units' tree.
  const exportedAncestor = new Map<string, string>();
  const exportedChildren = new Map<string, string[]>();
  // Stryker disable next-line StringLiteral: the root's ancestor is never read, whatever it is
  const stack: { uuid: string; ancestor: string }[] = [{ uuid: options.rootUnit, ancestor: '' }];
  while (stack.length > 0) {
    const { uuid, ancestor } = stack.pop() as { uuid: string; ancestor: string };
    if (exportedAncestor.has(uuid)) continue;
    const version = active.get(uuid) as UnitVersion;
    const level = version.unit_level_response?.current?.name;
    const isExported = uuid === options.rootUnit || !tooDeep.has(level);
    exportedAncestor.set(uuid, isExported ? uuid : ancestor);
    // The root lands under '', which nothing reads.
    if (isExported) cachedValue(exportedChildren, ancestor, () => []).push(uuid);
    for (const child of children.get(uuid) ?? []) stack.push({ uuid: child, ancestor: isExported ? uuid : ancestor });
  }
  return { exportedAncestor, exported: exportedInPreOrder(options.rootUnit, exportedChildren, active) };
}

/**
 * The loops among the active units' parent links: units whose walk up the
 * parents comes back to a unit of the walk. Each loop once, as its units in
 * UUID order; loops by their first unit. The root ends every walk: its own
 * parent is outside the export, so a loop through the root is no loop here.
 * Linear: each unit is walked from once.
 */
export function parentLoops(active: ReadonlyMap<string, UnitVersion>, root: string): string[][] {
  const walked = new Set<string>();
  const loops: string[][] = [];
  for (const start of active.keys()) {
    // Stryker disable next-line ArrayDeclaration: a made-up first entry is no unit, so it changes no loop found
    const path: string[] = [];
    const placeInPath = new Map<string, number>();
    let uuid: string | undefined = start;
    while (uuid !== undefined && uuid !== root && active.has(uuid) && !walked.has(uuid)) {
      const place = placeInPath.get(uuid);
      if (place !== undefined) {
        loops.push(path.slice(place).sort(compareCodePoints));
        break;
      }
      placeInPath.set(uuid, path.length);
      path.push(uuid);
      uuid = (active.get(uuid) as UnitVersion).parent_response?.uuid;
    }
    for (const visited of path) walked.add(visited);
  }
  return loops.sort((a, b) => compareCodePoints(a[0] ?? '', b[0] ?? ''));
}

/**
 * The exported units as organisation.csv lists them: pre-order of the tree
 * the file describes (each unit under its nearest exported ancestor),
 * siblings by name, then UUID.
 */
function exportedInPreOrder(root: string, children: Map<string, string[]>, active: Map<string, UnitVersion>): UnitScope['exported'] {
  const nameOf = (uuid: string) => (active.get(uuid) as UnitVersion).name;
  const byNameThenUuid = (a: string, b: string) => compareCodePoints(nameOf(a), nameOf(b)) || compareCodePoints(a, b);
  const exported: UnitScope['exported'] = [];
  const stack: { uuid: string; parent: string }[] = [{ uuid: root, parent: '' }];
  while (stack.length > 0) {
    const { uuid, parent } = stack.pop() as { uuid: string; parent: string };
    exported.push({ uuid, version: active.get(uuid) as UnitVersion, parent });
    const below = [...(children.get(uuid) ?? [])].sort(byNameThenUuid).reverse();
    for (const child of below) stack.push({ uuid: child, parent: uuid });
  }
  return exported;
}

/** What MO answered for the units' DAR addresses (see src/dar/resolve.ts), by address UUID. */
export interface DarIndex {
  answers: ReadonlyMap<string, DarAnswer>;
  unresolved: ReadonlySet<string>;
}

export function darIndexOf(snapshot: Pick<Snapshot, 'darAddresses' | 'unresolvedDar'>): DarIndex {
  return {
    answers: new Map(snapshot.darAddresses.map((answer) => [answer.uuid, answer])),
    unresolved: new Set(snapshot.unresolvedDar.map((address) => address.uuid)),
  };
}

/** organisation.csv: one row per exported unit, in the scope's pre-order. */
export function organisationRows(scope: UnitScope, dar: DarIndex, today: string, warnings: Warning[]): Row<'organisation'>[] {
  return scope.exported.map(({ uuid, version, parent }) => ({
    AfdelingsID: uuid,
    Afdelingsnavn: version.name,
    Parentid: parent,
    ...unitAddress(uuid, version, dar, today, warnings),
  }));
}

/**
 * The unit's active DAR address with the lowest UUID, as MO resolved it. One
 * MO could not resolve is no address, with a warning naming the unit and the
 * address; one MO was not asked about (LoRa's --no-resolve-dar) is none either.
 */
function unitAddress(unit: string, version: UnitVersion, dar: DarIndex, today: string, warnings: Warning[]): PostalAddress {
  const candidates = activeAddresses(version.addresses_response.objects, today).sort((a, b) => compareCodePoints(a.uuid, b.uuid));
  const first = candidates[0];
  if (!first) return noAddress;
  if (dar.unresolved.has(first.uuid)) {
    warnings.push({ kind: 'dar-address-unresolved', subject: `${unit} address ${first.uuid}` });
    return noAddress;
  }
  const answer = dar.answers.get(first.uuid);
  const resolved = answer && activeVersion(answer.validities, today);
  if (!resolved) return noAddress;
  return postalAddressOf(resolved.resolve.__typename === 'DARAddress' ? resolved.resolve : {}, resolved.name);
}
