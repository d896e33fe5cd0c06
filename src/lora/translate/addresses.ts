/**
 * Address functions (funktionsnavn Adresse) as MO's `addresses_response`
 * of persons (EMAIL, PHONE) and units (DAR).
 */
import type { LoraObject } from '../wire.js';
import type { ClassCatalogue } from './classes.js';
import type { Version } from './effects.js';
import type { SharedValues } from './shared.js';
import type { PersonAddress, PersonAddressVersion, UnitAddress, UnitAddressVersion } from './shapes.js';
import type { Day } from './time.js';
import { readVersions, timelineOf, type Timeline } from './timelines.js';
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

export interface AddressContext {
  today: Day;
  classes: ClassCatalogue;
  shared: SharedValues;
}

function personAddressVersion(version: Version, { shared }: AddressContext): PersonAddressVersion | undefined {
  const type = related(version.values, addressTypeList);
  const urn = urnOf(version.values, addressList);
  if (type === undefined || urn === undefined) return undefined;
  const visibility = relatedOfType(version.values, 'opgaver', 'synlighed');
  return {
    value: addressValue(urn),
    validity: shared.validity(version),
    address_type_response: shared.classRef(type),
    visibility_response: visibility === undefined ? null : shared.classRef(visibility),
  };
}

/** A unit's DAR address: its value, the DAR UUID (MO's text and DAR fields come from MO: src/dar/resolve.ts). */
function unitAddressVersion(version: Version, { shared }: AddressContext): UnitAddressVersion | undefined {
  const urn = urnOf(version.values, addressList);
  if (urn === undefined) return undefined;
  return { value: addressValue(urn), validity: shared.validity(version) };
}

/** Who an address belongs to and which scopes of address type it belongs under. */
interface Route<A> {
  owner: string;
  scopes: ReadonlySet<string>;
  readVersion: (version: Version, context: AddressContext) => A | undefined;
}

const personRoute: Route<PersonAddressVersion> = { owner: 'tilknyttedebrugere', scopes: new Set(['EMAIL', 'PHONE']), readVersion: personAddressVersion };
const unitRoute: Route<UnitAddressVersion> = { owner: 'tilknyttedeenheder', scopes: new Set(['DAR']), readVersion: unitAddressVersion };

/** An address as MO answers it under its owners. */
export interface OwnedAddress<A> {
  owners: readonly string[];
  address: { uuid: string; validities: A[] };
}

/**
 * The address as MO's `addresses_response(filter: {address_type: {scope},
 * from_date: today, to_date: null})` answers it under the route, or
 * undefined when it does not: an address counts for an owner when one of
 * its versions from today on names the owner, and for the scopes when one
 * of them has a type of those scopes (the type class's scope as of today);
 * it then comes with all its versions from today on.
 */
function routedAddress<A>(timeline: Timeline, context: AddressContext, route: Route<A>): OwnedAddress<A> | undefined {
  const { uuid, fromToday } = timeline;
  const typeInScopes = (version: Version): boolean => {
    const type = related(version.values, addressTypeList);
    return type !== undefined && route.scopes.has(context.classes.facts(type)?.scope ?? '');
  };
  if (!fromToday.some(typeInScopes)) return undefined;
  const validities = readVersions(fromToday, (version) => route.readVersion(version, context));
  if (validities.length === 0) return undefined;
  const owners = [...new Set(fromToday.flatMap((v) => relatedAll(v.values, route.owner)))];
  return { owners, address: { uuid, validities } };
}

/** One address function, as persons' (EMAIL, PHONE) and units' (DAR) addresses: undefined where it is none. */
export function routeAddress(
  address: LoraObject,
  context: AddressContext,
): { person: OwnedAddress<PersonAddressVersion> | undefined; unit: OwnedAddress<UnitAddressVersion> | undefined } {
  const timeline = timelineOf(address, context.today);
  if (timeline === undefined) return { person: undefined, unit: undefined };
  return { person: routedAddress(timeline, context, personRoute), unit: routedAddress(timeline, context, unitRoute) };
}

/** owner uuid → its addresses, in the order given (address uuid order). */
function byOwner<A>(addresses: readonly OwnedAddress<A>[]): Map<string, { uuid: string; validities: A[] }[]> {
  const found = new Map<string, { uuid: string; validities: A[] }[]>();
  for (const { owners, address } of addresses) {
    for (const owner of owners) {
      const list = found.get(owner);
      if (list === undefined) found.set(owner, [address]);
      else list.push(address);
    }
  }
  // A list that grew keeps spare room (some 130 bytes); a copy has none.
  for (const [owner, list] of found) if (list.length > 1) found.set(owner, list.slice());
  return found;
}

export interface AddressIndex {
  /** person uuid → EMAIL and PHONE addresses */
  persons: ReadonlyMap<string, PersonAddress[]>;
  /** unit uuid → DAR addresses, unresolved */
  units: ReadonlyMap<string, UnitAddress[]>;
}

/** The index of the routed addresses, each given in address uuid order. */
export function indexAddresses(persons: readonly OwnedAddress<PersonAddressVersion>[], units: readonly OwnedAddress<UnitAddressVersion>[]): AddressIndex {
  return { persons: byOwner(persons), units: byOwner(units) };
}
