/**
 * Address functions (funktionsnavn Adresse) as MO's `addresses_response`
 * of persons (EMAIL, PHONE) and units (DAR).
 */
import type { LoraObject } from '../wire.js';
import type { ClassCatalogue } from './classes.js';
import type { Version } from './effects.js';
import type { PersonAddress, PersonAddressVersion, UnitAddress, UnitAddressVersion } from './shapes.js';
import { validityText, type Day } from './time.js';
import { timelinesOf, type Timeline } from './timelines.js';
import { related, relatedAll, relatedOfType, urnOf } from './values.js';

/** URN prefixes of MO's address kinds and how the value is written after them. */
const urnKinds: readonly { prefix: string; decode: (rest: string) => string }[] = [
  { prefix: 'urn:mailto:', decode: (rest) => rest },
  { prefix: 'urn:magenta.dk:telefon:', decode: (rest) => rest },
  { prefix: 'urn:text:', decode: decodeUrn },
  { prefix: 'urn:multifield_text:', decode: decodeUrn },
  { prefix: 'urn:dar:', decode: (rest) => rest },
  { prefix: 'urn:magenta.dk:www:', decode: (rest) => rest },
  { prefix: 'urn:magenta.dk:ean:', decode: (rest) => rest },
  { prefix: 'urn:dk:cvr:produktionsenhed:', decode: (rest) => rest },
];

function decodeUrn(rest: string): string {
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

/** MO's `value` of an address URN: the part after its kind's prefix (decoded for text), else after the URN's last colon. */
export function addressValue(urn: string): string {
  const kind = urnKinds.find(({ prefix }) => urn.startsWith(prefix));
  if (kind) return kind.decode(urn.slice(kind.prefix.length));
  return urn.startsWith('urn:') ? urn.slice(urn.lastIndexOf(':') + 1) : urn;
}

const addressTypeList = 'organisatoriskfunktionstype';
const addressList = 'adresser';

/** `{uuid, current {scope}}` of a class reference. */
function scopeRef(uuid: string, classes: ClassCatalogue): { uuid: string; current: { scope: string | null } | null } {
  const current = classes.current(uuid);
  return { uuid, current: current && { scope: current.scope } };
}

function personAddressVersion(version: Version, classes: ClassCatalogue): PersonAddressVersion | undefined {
  const type = related(version.values, addressTypeList);
  const urn = urnOf(version.values, addressList);
  if (type === undefined || urn === undefined) return undefined;
  const visibility = relatedOfType(version.values, 'opgaver', 'synlighed');
  return {
    value: addressValue(urn),
    validity: validityText(version),
    address_type_response: scopeRef(type, classes),
    visibility_response: visibility === undefined ? null : scopeRef(visibility, classes),
  };
}

/** A unit's DAR address before the DAR lookup: MO's name and resolved fields come from MO (see dar.ts). */
function unitAddressVersion(version: Version): UnitAddressVersion | undefined {
  if (urnOf(version.values, addressList) === undefined) return undefined;
  return { name: null, validity: validityText(version), resolve: {} };
}

/** Who an address belongs to and which scopes of address type it belongs under. */
interface Route<A> {
  owner: string;
  scopes: ReadonlySet<string>;
  readVersion: (version: Version, classes: ClassCatalogue) => A | undefined;
}

const personRoute: Route<PersonAddressVersion> = { owner: 'tilknyttedebrugere', scopes: new Set(['EMAIL', 'PHONE']), readVersion: personAddressVersion };
const unitRoute: Route<UnitAddressVersion> = { owner: 'tilknyttedeenheder', scopes: new Set(['DAR']), readVersion: unitAddressVersion };

/**
 * owner uuid → its addresses under the route, in address uuid order. As in
 * MO's `addresses_response(filter: {address_type: {scope}, from_date:
 * today, to_date: null})`: an address counts for an owner when one of its
 * versions from today on names the owner, and for the scopes when one of
 * them has a type of those scopes (the type class's scope as of today);
 * it then comes with all its versions from today on.
 */
function addressesByOwner<A>(timelines: readonly Timeline[], classes: ClassCatalogue, route: Route<A>): Map<string, { uuid: string; validities: A[] }[]> {
  const byOwner = new Map<string, { uuid: string; validities: A[] }[]>();
  for (const { uuid, fromToday } of timelines) {
    const types = new Set(fromToday.map((v) => related(v.values, addressTypeList)).filter((t) => t !== undefined));
    if (![...types].some((type) => route.scopes.has(classes.facts(type)?.scope ?? ''))) continue;
    const validities = fromToday.map((version) => route.readVersion(version, classes)).filter((v) => v !== undefined);
    if (validities.length === 0) continue;
    const owners = new Set(fromToday.flatMap((v) => relatedAll(v.values, route.owner)));
    for (const owner of owners) byOwner.set(owner, [...(byOwner.get(owner) ?? []), { uuid, validities }]);
  }
  return byOwner;
}

export interface AddressIndex {
  /** person uuid → EMAIL and PHONE addresses */
  persons: ReadonlyMap<string, PersonAddress[]>;
  /** unit uuid → DAR addresses, unresolved */
  units: ReadonlyMap<string, UnitAddress[]>;
}

export function indexAddresses(addresses: readonly LoraObject[], classes: ClassCatalogue, today: Day): AddressIndex {
  const timelines = timelinesOf(addresses, today);
  return { persons: addressesByOwner(timelines, classes, personRoute), units: addressesByOwner(timelines, classes, unitRoute) };
}
